using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// From one replica-exchange run over a ladder that holds the WBIC temperatures: F_n by thermodynamic integration and
/// stepping-stone, WBIC, two lambda estimators, WAIC and PSIS-LOO; with a teacher also S_n, G_n, d/2 and lambda_ReLU.
/// </summary>
public static class FreeEnergyAnalysis
{
    /// <summary>The second WBIC temperature is this multiple of 1/log n (docs/theory.md section 3 item 2).</summary>
    public const double SecondWbicFactor = 1.5;

    /// <summary>Swap acceptance below this means the ladder has a gap.</summary>
    public const double MinimumSwapRate = 0.1;

    /// <summary>The power ladder of <paramref name="rungs"/> rungs with exponent <paramref name="power"/> plus the two WBIC temperatures of n.</summary>
    public static double[] Ladder(int rungs, double power, int n) => WithWbicTemperatures(ReplicaExchangeSampler.PowerLadder(rungs, power), n);

    /// <summary>Rounds of ladder tuning before an adaptive run (<see cref="AdaptiveLadder.Tune"/>).</summary>
    public const int TuningRounds = 2;

    /// <summary>
    /// The ladder of a free-energy run: the power ladder of <paramref name="rungs"/> rungs, or with <paramref name="adaptive"/>
    /// that ladder tuned to equal swap rejection first (<see cref="TuningRounds"/> short rounds), and in both cases the two
    /// WBIC temperatures of n added.
    /// </summary>
    /// <param name="model">The model (used only when tuning).</param>
    /// <param name="rungs">Rungs of the power ladder, Range: at least <see cref="ReplicaExchangeSampler.MinimumRungs"/>.</param>
    /// <param name="power">Its power, Range: 1..<see cref="ReplicaExchangeSampler.MaximumPower"/>.</param>
    /// <param name="adaptive">Whether to tune it.</param>
    /// <param name="settings">Sampler settings of the tuning runs.</param>
    /// <param name="onIteration">Called per tuning iteration with the 0-based ladder index.</param>
    /// <param name="cancellation">Stops the tuning.</param>
    public static double[] Ladder(ITemperedModel model, int rungs, double power, bool adaptive, SamplerSettings settings, Action<int>? onIteration = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        return adaptive
            ? WithWbicTemperatures(AdaptiveLadder.Tune(model, rungs, power, settings with { SaveLogLikelihood = false }, TuningRounds, onIteration, cancellation), model.DataCount)
            : Ladder(rungs, power, model.DataCount);
    }

    /// <summary>Sampler iterations of tuning a ladder of <paramref name="rungs"/> rungs, per chain (for progress bars).</summary>
    public static int TuningIterations(int rungs) => rungs * AdaptiveLadder.Iterations(TuningRounds);

    /// <summary>
    /// Writes rungs.csv: per rung beta, E_beta[n L_n] with its standard error, and the swap acceptance to the next rung
    /// (empty on the last).
    /// </summary>
    public static void WriteRungs(string path, FreeEnergyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.Write(path, writer =>
        {
            writer.WriteLine("beta,e_nln,se,swap_rate_to_next");
            for (var j = 0; j < report.Betas.Count; j++)
            {
                var e = report.Integrand[j];
                var rate = j < report.SwapRates.Count ? report.SwapRates[j].ToString("R", CultureInfo.InvariantCulture) : "";
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Betas[j]:R},{e.Value:R},{e.StandardError:R},{rate}"));
            }
        });
    }

    /// <summary><paramref name="ladder"/> (e.g. an adaptive one) with the two WBIC temperatures of n added.</summary>
    public static double[] WithWbicTemperatures(IReadOnlyList<double> ladder, int n)
    {
        var betaW = LearningCoefficientEstimators.WbicBeta(n);
        return [.. ladder.Concat([betaW, Math.Min(1, SecondWbicFactor * betaW)]).Distinct().Order()];
    }

    /// <summary>Estimates everything from <paramref name="run"/>, whose ladder must come from <see cref="Ladder(int, double, int)"/> or the adaptive one.</summary>
    /// <param name="model">The model that was sampled.</param>
    /// <param name="run">The replica-exchange draws, with per-datum log-likelihoods.</param>
    /// <param name="settings">The sampler settings of the run (recorded in the report; the seed also seeds the test set).</param>
    /// <param name="teacher">The teacher, when known.</param>
    /// <param name="testPoints">Fresh test points for G_n.</param>
    /// <param name="heldOut">Held-out data, when given.</param>
    public static FreeEnergyReport Analyze(GaussianRegressionModel model, ReplicaExchangeResult run, SamplerSettings settings,
        Network? teacher = null, int testPoints = 5000, Dataset? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var betas = run.Betas;
        var betaW = LearningCoefficientEstimators.WbicBeta(model.DataCount);
        var betaW2 = Math.Min(1, SecondWbicFactor * betaW);
        IReadOnlyList<ChainResult> At(double beta)
        {
            var j = betas.ToList().IndexOf(beta);
            return j >= 0 ? run.Rungs[j] : throw new ArgumentException($"the ladder lacks the WBIC temperature {beta}; build it with Ladder", nameof(run));
        }

        var ti = ThermodynamicIntegration.Compute(run);
        var top = run.Rungs[^1];
        var matrix = LogLikelihoodMatrix.FromChains(top);
        var waic = Waic.Compute(matrix);
        var loo = PsisLoo.Compute(matrix);
        var ladderGaps = run.SwapRates.Select((rate, j) => (rate, j)).Where(p => p.rate < MinimumSwapRate)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"swap acceptance between beta {betas[p.j]:G3} and {betas[p.j + 1]:G3} is {p.rate:0.00}: add rungs there"))
            .ToList();
        // Ladder gaps and unconverged rungs are reasons in the verdicts of the estimates they spoil, not warnings.
        var warnings = new List<string>();
        var rungs = run.Rungs.Select((chains, j) =>
        {
            var nll = PosteriorExpectation.NegLogLikelihoodDraws(chains);
            return new RungDiagnostics(betas[j], ConvergenceDiagnostics.Rhat(nll), ConvergenceDiagnostics.EssBulk(nll), ConvergenceDiagnostics.EssTail(nll),
                chains.Sum(c => (int)c.Draws.Column("divergent__").Sum()), LearningCoefficientChecks.Convergence(chains, betas[j]));
        }).ToList();
        var rungProblems = LadderConvergence(rungs);
        var divergent = rungs.Sum(r => r.Divergences);
        if (divergent > 0)
        {
            warnings.Add($"{divergent} divergent transitions over all rungs after warm-up");
        }

        if (loo.BadPoints > 0)
        {
            warnings.Add($"{loo.BadPoints} data points have Pareto k above 0.7: their LOO estimates are unreliable");
        }

        var heldOutLoss = heldOut is null ? (Estimate?)null
            : Estimate.MeanOfIndependent([.. GeneralizationError.HeldOutLogPredictive(top, model.Architecture, heldOut, model.Noise).Select(v => -v)]);
        var steppingStone = CheckedEstimate.Judge(SteppingStone.FreeEnergy(run), [.. ladderGaps, .. rungProblems]);
        var bound = teacher is null ? null : ReluLearningCoefficientBound.Evaluate(teacher.Architecture, model.Architecture, teacher).LambdaRelu;
        var lambda = TemperedLambdaEstimates.Compute(At(betaW), betaW, At(betaW2), betaW2, model.Dimension, bound, top);
        TeacherComparison? comparison = null;
        if (teacher is not null)
        {
            var data = model.Data;
            var sn = Entropy.Empirical(teacher, data, model.Noise);
            var g = GeneralizationError.Compute(top, model.Architecture, teacher, model.Noise, testPoints, TestSeed(settings.Seed));
            comparison = new TeacherComparison(sn, Entropy.Exact(data.OutputWidth, model.Noise),
                steppingStone.Value - (data.Count * sn), g, new Estimate(data.Count * g.Value, data.Count * g.StandardError),
                model.Dimension / 2.0, bound)
            {
                Coverage90 = BandCoverage.OfTeacher(top, model.Architecture, teacher, model.Noise, testPoints, TestSeed(settings.Seed)),
            };
        }

        return new FreeEnergyReport(
            model.Architecture.ToString(), model.DataCount, model.Dimension, betas, run.SwapRates, run.RoundTrips, ti.Integrand,
            new TiEstimate(ti.FreeEnergy.Value, ti.FreeEnergy.StandardError, ti.MonteCarloError, ti.DiscretisationError),
            steppingStone, lambda.Wbic, lambda.TwoTemperatures, lambda.Variance,
            WaicSummary.Of(waic),
            LooSummary.Of(loo),
            comparison, heldOutLoss, rungs, settings, warnings, run.WallSeconds, model.Data.Hash());
    }

    // The convergence rule on n L_n at every rung, summarized by kind: stepping-stone and TI need every rung's mean.
    private static List<string> LadderConvergence(IReadOnlyList<RungDiagnostics> rungs)
    {
        var reasons = new List<string>();
        foreach (var group in rungs.SelectMany(r => r.Problems).GroupBy(ConvergenceRule.IsWorseThanTooFewDraws))
        {
            var list = group.ToList();
            var kind = group.Key ? "chains disagree" : ConvergenceRule.TooFewDraws;
            reasons.Add(list.Count == 1 ? list[0] : $"{kind} at {list.Count} of {rungs.Count} rungs; the first: {list[0]}");
        }

        return reasons;
    }

    /// <summary>The seed of the fresh test set for G_n of a run with seed <paramref name="runSeed"/>.</summary>
    public static long TestSeed(long runSeed) => runSeed + 7919;
}
