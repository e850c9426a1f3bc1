using Smo.Kpi.Kpis;

namespace Smo.Kpi.Tests;

public sealed class KpiMeterTests
{
    private static ServiceStep Step(int ready, int allocated, double cpu = 1, double alpha = 10, double beta = 0, int min = 1, int max = 10) =>
        new(alpha, beta, min, max, cpu, ready, allocated);

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(10, 0, 1)]
    [InlineData(10.0001, 0, 2)]
    [InlineData(35, 0, 4)]
    [InlineData(35, 5, 3)]
    [InlineData(500, 0, 10)]
    public void Needed_replicas_are_the_fewest_that_carry_the_load_within_the_bounds(double offered, double beta, int needed)
    {
        Assert.Equal(needed, KpiMeter.Needed(offered, Step(0, 0, beta: beta)));
    }

    [Fact]
    public void Allocation_accuracy_is_one_less_the_cpu_weighted_error_over_the_cpu_needed()
    {
        var meter = new KpiMeter();

        // Needs 4 of 1 core, holds 6, for 10 s; needs 2 of 0.5 core, holds 1, for 10 s.
        meter.Service(10, 35, Step(ready: 6, allocated: 6));
        meter.Service(10, 15, Step(ready: 1, allocated: 1, cpu: 0.5));

        var error = (2 * 1 * 10) + (1 * 0.5 * 10);
        var needed = (4 * 1 * 10) + (2 * 0.5 * 10);
        Assert.Equal(1 - (error / (double)needed), meter.Kpis()[KpiNames.AllocationAccuracy], 12);
        Assert.Equal(2 * 1 * 10 / 3600.0, meter.Kpis()[KpiNames.OverProvisionedCpuHours], 12);
        Assert.Equal(0.5, meter.Kpis()[KpiNames.UnderProvisionedTimeShare], 12);
    }

    [Fact]
    public void Unserved_share_counts_what_the_ready_replicas_could_not_carry()
    {
        var meter = new KpiMeter();

        var served = meter.Service(10, 35, Step(ready: 3, allocated: 4, beta: 2));

        Assert.Equal(32, served);
        Assert.Equal(3.0 / 35, meter.Kpis()[KpiNames.UnservedRequestShare], 12);
    }

    [Fact]
    public void Slo_violation_time_counts_steps_that_turn_away_more_than_one_percent()
    {
        var meter = new KpiMeter();

        meter.Graph(10, offered: 100, served: 99);
        meter.Graph(10, offered: 100, served: 98.9);
        meter.Graph(20, offered: 0, served: 0);

        Assert.Equal(0.25, meter.Kpis()[KpiNames.SloViolationTimeShare], 12);
    }

    [Fact]
    public void Cluster_power_is_pue_times_idle_held_cores_and_dynamic_busy_cores()
    {
        var meter = new KpiMeter();

        var watts = meter.Cluster(3600, new ClusterStep(Pue: 1.2, IdleWattsPerCore: 4, MaxWattsPerCore: 12, HeldCores: 10, BusyCores: 5, CarbonGramsPerKWh: 300));

        Assert.Equal(1.2 * ((10 * 4) + (5 * 8)), watts, 12);
        Assert.Equal(0.096, meter.KilowattHours, 12);
        Assert.Equal(0.096 * 0.3, meter.CarbonKilograms, 12);
    }

    [Fact]
    public void Decision_p95_is_an_observed_value()
    {
        var meter = new KpiMeter();
        foreach (var ms in Enumerable.Range(1, 100))
        {
            meter.Decision(ms);
        }

        Assert.Equal(95, meter.Kpis()[KpiNames.DecisionMsP95]);
    }
}
