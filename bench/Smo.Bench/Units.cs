namespace Smo.Bench;

/// <summary>The units a result may carry.</summary>
internal static class Units
{
    public const string OrchestrationsPerSecond = "orchestrations/s";
    public const string EventsPerSecond = "events/s";
    public const string ActivitiesPerSecond = "activities/s";
    public const string WorkItemsPerSecond = "work items/s";
    public const string TransactionsPerSecond = "transactions/s";
    public const string Milliseconds = "ms";
    public const string Percent = "%";
    public const string Steps = "steps";
    public const string DecisionsPerSecond = "decisions/s";
    public const string Seconds = "s";
    public const string Inputs = "inputs";
    public const string InputsPerSecond = "inputs/s";
    public const string Responses = "responses";
    public const string LogEntries = "log entries";
    public const string StateItems = "state items";
    public const string Services = "services";
}
