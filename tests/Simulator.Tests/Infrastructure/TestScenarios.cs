using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>Scenario builders: a manual clock so tests step time themselves, and small clusters whose numbers are easy to check.</summary>
public static class TestScenarios
{
    /// <summary>
    /// Two clusters: "big" (8 cores, 16Gi, 1 GPU, PUE 1.5, 10→20 W/core, 300 g/kWh) and "small" (2 cores, 4Gi,
    /// PUE 1, 5→10 W/core, 100 g/kWh); one workload "web" with α = 10, β = 5 and a constant load.
    /// </summary>
    public static string Yaml(string podStartDelay = "5s", double webLoad = 30, string faults = "[]", string tick = "1s") => $"""
        name: test
        simulation: {"{"}tick: {tick}, podStartDelay: {podStartDelay}, clock: manual, seed: 7{"}"}
        clusters:
          - name: big
            region: athens
            zone: athens-a
            cpu: 8
            memory: 16Gi
            gpus: 1
            energy: {"{"}pue: 1.5, idleWattsPerCore: 10, maxWattsPerCore: 20{"}"}
            carbonIntensity: 300
          - name: small
            region: paris
            zone: paris-a
            cpu: 2
            memory: 4Gi
            energy: {"{"}pue: 1, idleWattsPerCore: 5, maxWattsPerCore: 10{"}"}
            carbonIntensity: {"{"}type: constant, value: 100{"}"}
        workloads:
          - service: web
            alpha: 10
            beta: 5
            load: {webLoad.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        faults: {faults}
        namespaces: [demo]
        objects:
          - apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {"{"}name: kube-prometheus-stack-0, namespace: monitoring{"}"}
            spec:
              groups:
                - name: smo-alerts
                  rules: []
                - name: other
                  rules: [{"{"}record: x, expr: up{"}"}]
        """;

    public static Scenario Manual(string podStartDelay = "5s", double webLoad = 30, string faults = "[]") =>
        ScenarioParser.Parse(Yaml(podStartDelay, webLoad, faults), "test scenario");
}
