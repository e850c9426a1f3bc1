using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Alertmanager;
using Smo.Adapters.PrometheusRules;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Alertmanager;

/// <summary>
/// End to end through the real systems: a rule written by the adapter fires in Prometheus, Alertmanager posts its
/// webhook to a listener of the test, and the webhook parser reads the graph and service back.
/// </summary>
public sealed class AlertPipelineTests
{
    private static readonly TimeSpan NotificationTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_rule_added_by_the_adapter_reaches_the_webhook_as_a_valid_firing_alert()
    {
        var graph = $"e2e-{Guid.NewGuid():N}"[..16];
        var bodies = Channel.CreateUnbounded<string>();
        await using var receiver = await InTestServer.StartAsync($"http://{LocalServices.AlertmanagerWebhook.Authority}", app =>
            app.MapPost(LocalServices.AlertmanagerWebhook.AbsolutePath, async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                await bodies.Writer.WriteAsync(await reader.ReadToEndAsync());
                return Results.Ok();
            }));
        await using var rules = await PrometheusRuleOperator.StartAsync();

        await rules.Services.GetRequiredService<IAlertRules>().AddAsync([new AlertRule(graph, "image-detection", "overload", "vector(1)", "0s", "always firing")]);
        var alert = await FirstAlertOfAsync(graph, bodies.Reader);

        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("image-detection", alert.Labels["service"]);
        Assert.Equal("overload", alert.Labels["smo_event"]);
        Assert.Equal($"{graph}/image-detection/overload", alert.AlertName);
        Assert.Null(alert.EndsAt);
    }

    private static async Task<AlertmanagerAlert> FirstAlertOfAsync(string graph, ChannelReader<string> bodies)
    {
        using var timeout = new CancellationTokenSource(NotificationTimeout);
        try
        {
            await foreach (var body in bodies.ReadAllAsync(timeout.Token))
            {
                var parsed = AlertmanagerWebhookParser.Parse(body);
                Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
                if (parsed.Webhook!.Alerts.FirstOrDefault(a => a.Labels.GetValueOrDefault("smo_graph") == graph) is { } alert)
                {
                    return alert;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"no webhook for graph {graph} within {NotificationTimeout.TotalSeconds} s; is Alertmanager up ({LocalServices.StartHint})?");
    }
}
