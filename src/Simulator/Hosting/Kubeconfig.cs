namespace Smo.Simulator.Hosting;

/// <summary>A minimal kubeconfig pointing at the simulator, like the Karmada apiserver config the SMO is given.</summary>
public static class Kubeconfig
{
    public const string ContextName = "karmada-apiserver";

    public static string For(Uri server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ContextName}
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
        contexts:
        - name: {ContextName}
          context:
            cluster: {ContextName}
            user: {ContextName}
        current-context: {ContextName}
        users:
        - name: {ContextName}
          user:
            token: simulator
        """ + "\n";
}
