using Smo.Simulator.Series;

namespace Smo.Simulator.Tests.Series;

public sealed class SeriesTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(15, 15)]
    [InlineData(45, 5)]
    [InlineData(60, 10)]
    public void Sine_oscillates_around_its_mean(double seconds, double expected)
    {
        var sine = new SineSeries(10, 5, TimeSpan.FromMinutes(1), TimeSpan.Zero);

        Assert.Equal(expected, sine.ValueAt(TimeSpan.FromSeconds(seconds)), precision: 9);
    }

    [Fact]
    public void Sine_never_goes_below_zero()
    {
        var sine = new SineSeries(1, 5, TimeSpan.FromMinutes(1), TimeSpan.Zero);

        Assert.Equal(0, sine.ValueAt(TimeSpan.FromSeconds(45)));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 5)]
    [InlineData(119, 5)]
    [InlineData(120, 40)]
    [InlineData(10_000, 40)]
    public void Steps_hold_each_value_until_the_next_step(double seconds, double expected)
    {
        var steps = new StepSeries([(TimeSpan.Zero, 5), (TimeSpan.FromMinutes(2), 40)]);

        Assert.Equal(expected, steps.ValueAt(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Value_trace_replays_sample_and_hold_and_loops()
    {
        var path = WriteTrace("ts,value\r\n1000,1\r\n1060,2\r\n1120,3");

        var trace = TraceFile.Load(path, new TraceOptions());

        Assert.Equal(1, trace.ValueAt(TimeSpan.FromSeconds(59)));
        Assert.Equal(2, trace.ValueAt(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, trace.ValueAt(TimeSpan.FromSeconds(179)));
        Assert.Equal(1, trace.ValueAt(TimeSpan.FromSeconds(180)));
    }

    [Fact]
    public void Value_trace_with_datetime_stamps_speedup_and_peak()
    {
        var path = WriteTrace("timestamp,value\n2014-04-10 00:04:00,94.0\n2014-04-10 00:09:00,47.0\n");

        var trace = TraceFile.Load(path, new TraceOptions(Speedup: 300, Peak: 20));

        Assert.Equal(20, trace.ValueAt(TimeSpan.FromSeconds(0.5)), precision: 9);
        Assert.Equal(10, trace.ValueAt(TimeSpan.FromSeconds(1.5)), precision: 9);
    }

    [Fact]
    public void Arrival_trace_counts_rows_per_bucket_as_a_rate()
    {
        var path = WriteTrace("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:00.0000000,1,1\n2023-11-16 18:15:30.5000000,1,1\n2023-11-16 18:16:10.1234567,1,1");

        var trace = TraceFile.Load(path, new TraceOptions(Bucket: TimeSpan.FromMinutes(1)));

        Assert.Equal(2 / 60.0, trace.ValueAt(TimeSpan.FromSeconds(30)), precision: 9);
        Assert.Equal(1 / 60.0, trace.ValueAt(TimeSpan.FromSeconds(90)), precision: 9);
    }

    [Fact]
    public void Trace_with_a_bad_value_names_file_and_line()
    {
        var path = WriteTrace("ts,value\n0,1\n60,lots\n");

        var error = Assert.Throws<InvalidDataException>(() => TraceFile.Load(path, new TraceOptions()));

        Assert.Equal($"{path}:3: expected a number in the second column, got 'lots'", error.Message);
    }

    [Fact]
    public void Trace_going_back_in_time_is_rejected()
    {
        var path = WriteTrace("ts,value\n60,1\n0,1\n");

        var error = Assert.Throws<InvalidDataException>(() => TraceFile.Load(path, new TraceOptions()));

        Assert.Equal($"{path}:3: timestamps must not go backwards", error.Message);
    }

    private static string WriteTrace(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smo-trace-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
