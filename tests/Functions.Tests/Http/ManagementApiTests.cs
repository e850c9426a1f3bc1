using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Tests.Http;

public sealed class ManagementApiTests : IClassFixture<ManagementApiTests.Host>
{
    private const string Base = "/runtime/webhooks/durabletask";
    private readonly Host _host;
    private readonly HttpClient _http;

    public ManagementApiTests(Host host)
    {
        _host = host;
        _http = host.Factory.CreateClientWithKey(FunctionsHostFactory.MasterKey);
    }

    /// <summary>One host for the class, with a test orchestrator that waits for an event so it stays running.</summary>
    public sealed class Host : IDisposable
    {
        public Host()
        {
            Factory = new FunctionsHostFactory(tasks: tasks => tasks
                .AddOrchestratorFunc<object?, int>("WaitForValue", async (ctx, _) => await ctx.WaitForExternalEvent<int>("value")));
        }

        public FunctionsHostFactory Factory { get; }

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Start_returns_202_with_management_urls_and_status_becomes_200_when_completed()
    {
        var start = await _http.PostAsJsonAsync($"{Base}/orchestrators/HelloCities", new[] { "Paris" });
        var urls = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = urls.GetProperty("id").GetString()!;

        var status = await PollUntilDoneAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal(urls.GetProperty("statusQueryGetUri").GetString(), start.Headers.Location!.ToString());
        Assert.Contains($"/instances/{id}/raiseEvent/{{eventName}}", urls.GetProperty("sendEventPostUri").GetString(), StringComparison.Ordinal);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Hello, Paris!", status.GetProperty("output")[0].GetString());
    }

    [Fact]
    public async Task Status_of_a_running_instance_is_202_with_location_and_retry_after()
    {
        var id = await StartWaiterAsync();

        var response = await _http.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Status_with_showHistory_lists_the_history_events()
    {
        var start = await _http.PostAsJsonAsync($"{Base}/orchestrators/HelloCities", new[] { "Bern" });
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PollUntilDoneAsync(id);

        var status = await _http.GetFromJsonAsync<JsonElement>($"{Base}/instances/{id}?showHistory=true");

        var types = status.GetProperty("historyEvents").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
        Assert.Contains("TaskScheduled", types);
        Assert.Contains("ExecutionCompleted", types);
        Assert.Equal("ExecutionStarted", types.First(t => t != "OrchestratorStarted"));
    }

    [Fact]
    public async Task Unknown_instance_gives_404_problem_json_on_every_route()
    {
        var responses = new[]
        {
            await _http.GetAsync($"{Base}/instances/nobody"),
            await _http.PostAsync($"{Base}/instances/nobody/raiseEvent/e", null),
            await _http.PostAsync($"{Base}/instances/nobody/terminate", null),
            await _http.PostAsync($"{Base}/instances/nobody/suspend", null),
            await _http.PostAsync($"{Base}/instances/nobody/resume", null),
            await _http.DeleteAsync($"{Base}/instances/nobody"),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        });
    }

    [Fact]
    public async Task Raise_event_is_202_while_running_and_410_once_finished()
    {
        var id = await StartWaiterAsync();

        var accepted = await _http.PostAsync($"{Base}/instances/{id}/raiseEvent/value", Json("7"));
        var status = await PollUntilDoneAsync(id);
        var gone = await _http.PostAsync($"{Base}/instances/{id}/raiseEvent/value", Json("8"));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(7, status.GetProperty("output").GetInt32());
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Raise_event_with_a_body_that_is_not_json_is_400_and_changes_nothing()
    {
        var id = await StartWaiterAsync();

        var response = await _http.PostAsync($"{Base}/instances/{id}/raiseEvent/value", Json("{not json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = await _http.GetAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("body", problem.GetProperty("where").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
    }

    [Fact]
    public async Task Suspend_resume_and_terminate_are_202_and_change_the_status()
    {
        var id = await StartWaiterAsync();

        var suspend = await _http.PostAsync($"{Base}/instances/{id}/suspend?reason=pause", null);
        await PollStatusAsync(id, "Suspended");
        var resume = await _http.PostAsync($"{Base}/instances/{id}/resume", null);
        await PollStatusAsync(id, "Running");
        var terminate = await _http.PostAsync($"{Base}/instances/{id}/terminate?reason=done%20here", null);
        var final = await PollUntilDoneAsync(id);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { suspend.StatusCode, resume.StatusCode, terminate.StatusCode });
        Assert.Equal("Terminated", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal("done here", final.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Purge_is_412_while_running_and_200_with_the_count_once_finished()
    {
        var id = await StartWaiterAsync();

        var early = await _http.DeleteAsync($"{Base}/instances/{id}");
        await _http.PostAsync($"{Base}/instances/{id}/terminate", null);
        await PollUntilDoneAsync(id);
        var purged = await _http.DeleteAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.PreconditionFailed, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"{Base}/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_prefix_and_status_and_pages_with_the_continuation_header()
    {
        var prefix = "list-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            await StartWaiterAsync($"{prefix}-{i}");
        }

        var first = await _http.GetAsync($"{Base}/instances?instanceIdPrefix={prefix}&runtimeStatus=Running,Pending&top=2");
        using var next = new HttpRequestMessage(HttpMethod.Get, $"{Base}/instances?instanceIdPrefix={prefix}&runtimeStatus=Running,Pending&top=2");
        next.Headers.Add("x-ms-continuation-token", first.Headers.GetValues("x-ms-continuation-token").Single());
        var second = await _http.SendAsync(next);

        var ids = (await first.Content.ReadFromJsonAsync<JsonElement[]>())!.Concat((await second.Content.ReadFromJsonAsync<JsonElement[]>())!)
            .Select(e => e.GetProperty("instanceId").GetString());
        Assert.Equal([$"{prefix}-0", $"{prefix}-1", $"{prefix}-2"], ids.Order());
        Assert.False(second.Headers.Contains("x-ms-continuation-token"));
    }

    [Theory]
    [InlineData("runtimeStatus=Sleeping", "runtimeStatus")]
    [InlineData("createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("top=0", "top")]
    [InlineData("top=abc", "top")]
    public async Task List_with_a_malformed_filter_is_400_naming_the_parameter(string query, string parameter)
    {
        var response = await _http.GetAsync($"{Base}/instances?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, problem.GetProperty("where").GetString());
    }

    [Fact]
    public async Task Raise_event_with_a_blank_name_or_a_prefix_with_control_characters_is_400()
    {
        var id = await StartWaiterAsync();

        var blank = await _http.PostAsync($"{Base}/instances/{id}/raiseEvent/%20", Json("1"));
        var prefix = await _http.GetAsync($"{Base}/instances?instanceIdPrefix=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, prefix.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.GetAsync($"{Base}/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task List_with_a_forged_continuation_token_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/instances");
        request.Headers.Add("x-ms-continuation-token", "forged");

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Purge_many_without_createdTimeFrom_is_refused()
    {
        var response = await _http.DeleteAsync($"{Base}/instances");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Start_of_an_unknown_orchestrator_is_404_and_of_a_taken_id_is_409()
    {
        var id = await StartWaiterAsync();

        var unknown = await _http.PostAsync($"{Base}/orchestrators/NoSuchThing", null);
        var taken = await _http.PostAsync($"{Base}/orchestrators/WaitForValue/{id}", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task Instance_id_with_control_characters_or_over_256_characters_is_400()
    {
        var control = await _http.GetAsync($"{Base}/instances/bad%09id");
        var tooLong = await _http.PostAsync($"{Base}/orchestrators/WaitForValue/{new string('x', 300)}", null);

        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"{Base}/instances/{new string('x', 300)}")).StatusCode);
    }

    [Theory]
    [InlineData("showInput=maybe", "query: showInput")]
    [InlineData("showHistory=1", "query: showHistory")]
    public async Task Status_with_a_flag_that_is_not_a_boolean_is_400_naming_it(string query, string where)
    {
        var id = await StartWaiterAsync();

        var response = await _http.GetAsync($"{Base}/instances/{id}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(where, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
    }

    private async Task<string> StartWaiterAsync(string? id = null)
    {
        var response = await _http.PostAsync($"{Base}/orchestrators/WaitForValue{(id is null ? "" : "/" + id)}", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PollStatusAsync(instanceId, "Running");
        return instanceId;
    }

    private async Task<JsonElement> PollUntilDoneAsync(string id)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var response = await _http.GetAsync($"{Base}/instances/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Instance {id} did not finish.");
    }

    private async Task PollStatusAsync(string id, string status)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var current = await _http.GetFromJsonAsync<JsonElement>($"{Base}/instances/{id}");
            if (current.GetProperty("runtimeStatus").GetString() == status)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Instance {id} never reached {status}.");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
