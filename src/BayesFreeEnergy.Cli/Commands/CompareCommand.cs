using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Estimation;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe compare</c>: ranks models fitted to the same data (folders written by <c>bfe freeenergy</c>) by free energy,
/// WAIC and PSIS-LOO, with standard errors: model selection by the marginal likelihood and its approximations.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Two or more bfe freeenergy output folders (same data)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("compare", "Rank fitted models of the same data by free energy (stepping-stone and TI), WAIC and LOO") { folders, json };
        command.SetAction(parse => CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var ranked = ModelComparison.Rank([.. parse.GetValue(folders)!.Select(f => (f, ModelComparison.Read(f)))]);
            var output = ranked.Select(f => new
            {
                rank = f.Rank,
                folder = f.Folder,
                model = f.Report.Model,
                d = f.Report.D,
                free_energy = new { value = f.Report.SteppingStone.Value, se = f.Report.SteppingStone.StandardError },
                free_energy_ti = new { value = f.Report.Ti.Value, se = f.Report.Ti.StandardError, discretisation_error = f.Report.Ti.DiscretisationError },
                delta_free_energy = f.DeltaFreeEnergy,
                log_bayes_factor_vs_best = -f.DeltaFreeEnergy,
                waic = new { value = f.Report.Waic.Value, se = f.Report.Waic.Se },
                elpd_loo = new { value = f.Report.Loo.Value, se = f.Report.Loo.Se },
            }).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, new { n = ranked[0].Report.N, models = output });
                return 0;
            }

            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            var table = new Table().Border(TableBorder.Simple).Title("ranked by free energy F_n (stepping-stone; lower is better)")
                .AddColumns("rank", "model", "d", "F_n (SS)", "F_n (TI)", "Δ F_n", "WAIC (loss)", "elpd_loo", "folder");
            foreach (var f in ranked)
            {
                var r = f.Report;
                table.AddRow(Markup.Escape(f.Rank.ToString(CultureInfo.InvariantCulture)), Markup.Escape(r.Model), r.D.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape($"{F(r.SteppingStone.Value)} ± {F(r.SteppingStone.StandardError)}"),
                    Markup.Escape($"{F(r.Ti.Value)} ± {F(r.Ti.StandardError)} (quadrature ≤ {F(r.Ti.DiscretisationError)})"),
                    F(f.DeltaFreeEnergy), Markup.Escape($"{F(r.Waic.Value)} ± {F(r.Waic.Se)}"), Markup.Escape($"{F(r.Loo.Value)} ± {F(r.Loo.Se)}"), Markup.Escape(f.Folder));
            }

            Terminal.For(parse.InvocationConfiguration.Output).Write(table);
            return 0;
        }));
        return command;
    }
}
