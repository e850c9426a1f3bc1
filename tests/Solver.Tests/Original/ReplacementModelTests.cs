using Smo.Solver.Model;
using Smo.Solver.Original;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests.Original;

/// <summary>smo-original's re-placement: V3's decide_placement model, its tests' expectations, its defects and the tie rule.</summary>
public sealed class ReplacementModelTests
{
    private static readonly OriginalPlacement Strategy = new();
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    [Fact]
    public void Solve_gives_the_placement_the_originals_test_hard_codes()
    {
        // decide_placement([4,4],[1,1],[2,2],[0,1],[1,2],[[1,0],[1,0]]) == [[0,1],[1,0]]: one of two must move;
        // the original's MONO test accepts either, and the tie rule (least CPU moved) picks the one hard-coded.
        var input = V3Calls.Placement([4, 4], [1, 1], [2, 2], [0, 1], [1, 2], [[1, 0], [1, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal(SolveStatus.Optimal, outcome.Status);
        Assert.Equal([[0, 1], [1, 0]], V3Calls.Matrix(outcome.ClusterOf!, 2));
        Assert.Equal(3, outcome.Objective(2));
    }

    [Fact]
    public void Solve_moves_nothing_when_everything_fits_where_it_is()
    {
        var input = V3Calls.Placement([4, 4], [0, 0], [1, 1, 1], [0, 0, 0], [1, 1, 1], [[0, 1], [1, 0], [0, 1]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal([1, 0, 1], outcome.ClusterOf!);
        Assert.Equal(0, outcome.Moves);
    }

    [Fact]
    public void Solve_moves_as_few_services_as_possible_however_much_cpu_they_carry()
    {
        // Moving s0 (3 CPU) alone frees enough; moving s1 and s2 (1 CPU each) would move less CPU but two services.
        var input = V3Calls.Placement([3, 3], [0, 0], [3, 1, 1], [0, 0, 0], [1, 1, 1], [[1, 0], [1, 0], [1, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal(1, outcome.Moves);
        Assert.Equal([1, 0, 0], outcome.ClusterOf!);
    }

    [Fact]
    public void Solve_lets_the_first_service_stay_on_a_cluster_without_the_acceleration_it_needs()
    {
        // The defect kept: V3's acceleration constraint starts at s1 ("Assuming s0 has no acceleration constraint").
        var input = V3Calls.Placement([4, 4], [0, 1], [1, 1], [1, 1], [1, 1], [[1, 0], [1, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal([0, 1], outcome.ClusterOf!);
    }

    [Fact]
    public void Solve_counts_the_cpu_of_every_service_the_first_included()
    {
        var input = V3Calls.Placement([2, 4], [0, 0], [2, 1], [0, 0], [1, 1], [[1, 0], [1, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal([0, 1], outcome.ClusterOf!);
    }

    [Fact]
    public void Solve_puts_a_service_without_a_current_cluster_on_the_earliest_cluster_with_room()
    {
        var input = V3Calls.Placement([1, 4, 4], [0, 0, 0], [1, 2], [0, 0], [1, 1], [[1, 0, 0], [0, 0, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal([0, 1], outcome.ClusterOf!);
    }

    [Fact]
    public void Solve_reports_an_infeasible_model()
    {
        var input = V3Calls.Placement([2, 2], [0, 0], [3, 1], [0, 0], [1, 1], [[1, 0], [1, 0]]);

        var outcome = ReplacementModel.Solve(input, Options);

        Assert.Equal(SolveStatus.Infeasible, outcome.Status);
        Assert.Null(outcome.ClusterOf!);
    }

    [Fact]
    public void Place_re_places_with_the_graphs_own_replicas_counted_as_using_their_cluster()
    {
        // Smo gives c0's 4 CPU with s0's 3 given back; V3 saw Karmada's remaining 1, so s0 no longer fits where it runs.
        var problem = V3Calls.Problem([4, 4], (3, 1, "c0"));

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal("c1", result.Assignment["s0"]);
        Assert.Equal("V3 re-placement: 1 of 1 services move (V3 objective Σx + Σy∘(y−x) = 2, proven optimal).", result.Reason);
    }

    [Fact]
    public void Place_re_places_with_the_replicas_the_problem_gives()
    {
        // Two replicas of 1.5 CPU: 3 on c0, which V3 sees as 4 − 3 = 1 free, so s0 moves to c1 and the new s1 takes c0's 1.
        var problem = V3Calls.Problem([4, 3], (1.5, 2, "c0"), (1, 1, null));

        var result = Strategy.Place(problem, Options);

        Assert.Equal(["c1", "c0"], problem.Services.Select(s => result.Assignment[s.Name]));
    }

    [Fact]
    public void Place_answers_infeasible_with_what_V3_did_instead()
    {
        var problem = V3Calls.Problem([4, 4], (3, 1, "c0"), (3, 1, "c1"));

        var result = Strategy.Place(problem, Options);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.StartsWith("V3 re-placement model infeasible", result.Reason, StringComparison.Ordinal);
        Assert.Contains("TypeError", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_prices_its_result_with_smos_terms_for_comparison()
    {
        var problem = V3Calls.Problem([4, 4], (3, 1, "c0"));

        var result = Strategy.Place(problem, Options);

        Assert.Equal(PlacementObjective.Evaluate(problem, result.Assignment), result.Objective);
    }

    [Fact]
    public void Place_gives_the_same_placement_for_the_same_input_whatever_the_workers()
    {
        var problem = V3Calls.Problem([3, 3, 3, 3], (1, 1, "c0"), (1, 1, "c0"), (1, 1, null), (1, 1, null), (1, 1, "c3"), (2, 1, null));

        var first = Strategy.Place(problem, Options);
        var again = Strategy.Place(problem, Options with { Workers = 4 });

        Assert.Equal(first.Assignment, again.Assignment);
    }
}
