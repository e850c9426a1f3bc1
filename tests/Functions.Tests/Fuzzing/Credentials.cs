using FsCheck;
using FsCheck.Fluent;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>How a generated request presents itself: a key in a header, in <c>Authorization</c> or in <c>?code=</c>, or something that is no key.</summary>
/// <param name="Query">Appended to the query string (<c>code=...</c>), or empty.</param>
public sealed record Credentials(IReadOnlyList<KeyValuePair<string, string>> Headers, string Query)
{
    public const string ProjectKey = "fuzz-key-of-play";
    public const string WebhookToken = "fuzz-webhook-token";

    /// <summary>The host's key settings: master, default, a key for the playground's project, and the webhook's own token.</summary>
    public static IReadOnlyDictionary<string, string> HostSettings => new Dictionary<string, string>
    {
        ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
        ["Smo__Keys__Default"] = FunctionsHostFactory.DefaultKey,
        [$"Smo__Keys__Projects__{FuzzTargets.PlaygroundProject}"] = ProjectKey,
        ["Smo__Alerts__WebhookToken"] = WebhookToken,
    };

    public static Credentials Master => Header("x-functions-key", FunctionsHostFactory.MasterKey);

    /// <summary>Mostly keys that open the route, so most inputs reach the code behind the key check.</summary>
    public static Gen<Credentials> ForApi =>
        Gen.Frequency(
            (10, Gen.Constant(Master)),
            (3, Gen.Constant(Header("Authorization", $"Bearer {FunctionsHostFactory.MasterKey}"))),
            (2, Gen.Constant(new Credentials([], $"code={FunctionsHostFactory.MasterKey}"))),
            (3, Gen.Constant(Header("x-functions-key", FunctionsHostFactory.DefaultKey))),
            (2, Gen.Constant(Header("x-functions-key", ProjectKey))),
            (2, NotAKey));

    /// <summary>What cannot open a graph command of a sentinel's project: nothing, a wrong key, the playground's key, the webhook token.</summary>
    public static Gen<Credentials> NotForSentinels =>
        Gen.Frequency((3, NotAKey), (2, Gen.Constant(Header("x-functions-key", ProjectKey))), (1, Gen.Constant(Header("x-functions-key", WebhookToken))));

    public static Gen<Credentials> ForWebhook =>
        Gen.Frequency(
            (12, Gen.Constant(Header("Authorization", $"Bearer {WebhookToken}"))),
            (2, Gen.Constant(Master)),
            (1, Gen.Constant(Header("x-functions-key", FunctionsHostFactory.DefaultKey))),
            (2, NotAKey));

    /// <summary>What does not open the webhook: nothing or a wrong key, the default or the playground's key, the webhook's token outside <c>Authorization</c>.</summary>
    public static Gen<Credentials> NotForWebhook =>
        Gen.Frequency(
            (3, NotAKey),
            (2, Gen.Constant(Header("x-functions-key", FunctionsHostFactory.DefaultKey))),
            (1, Gen.Constant(Header("x-functions-key", ProjectKey))),
            (1, Gen.Constant(Header("x-functions-key", WebhookToken))),
            (1, Gen.Constant(Header("Authorization", $"Bearer {WebhookToken}x"))));

    private static Gen<Credentials> NotAKey =>
        Gen.Elements(
            new Credentials([], ""),
            Header("x-functions-key", "wrong-key"),
            Header("x-functions-key", ""),
            Header("Authorization", "Bearer"),
            Header("Authorization", "Bearer "),
            Header("Authorization", "Basic bWFzdGVyOmtleQ=="),
            Header("Authorization", "bearer " + FunctionsHostFactory.MasterKey.ToUpperInvariant()),
            Header("Authorization", "Bearer " + new string('k', 10_000)),
            Header("x-functions-key", FunctionsHostFactory.MasterKey + "\u00e9"),
            new Credentials([], "code="),
            new Credentials([], "code=%00"));

    private static Credentials Header(string name, string value) => new([KeyValuePair.Create(name, value)], "");
}
