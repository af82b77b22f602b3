using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BayesFreeEnergy.Data;
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
            var rows = parse.GetValue(folders)!.Select(Read).ToList();
            if (rows.Count < 2)
            {
                throw new UsageException("compare needs at least two folders");
            }

            if (rows.Select(r => Path.GetFullPath(r.Folder)).Distinct().Count() < rows.Count)
            {
                throw new UsageException("a folder is listed twice; compare each fit once");
            }

            if (rows.Select(r => r.N).Distinct().Count() > 1 || rows.Select(r => r.DataHash).OfType<string>().Distinct().Count() > 1)
            {
                throw new UsageException("the folders were fitted to different data; free energies compare models of the same data only");
            }

            var ranked = rows.OrderBy(r => r.FreeEnergy).ToList();
            var best = ranked[0];
            var output = ranked.Select((r, i) => new
            {
                rank = i + 1,
                folder = r.Folder,
                model = r.Model,
                d = r.D,
                free_energy = new { value = r.FreeEnergy, se = r.FreeEnergySe },
                free_energy_ti = new { value = r.Ti, se = r.TiSe, discretisation_error = r.TiError },
                delta_free_energy = r.FreeEnergy - best.FreeEnergy,
                log_bayes_factor_vs_best = best.FreeEnergy - r.FreeEnergy,
                waic = new { value = r.Waic, se = r.WaicSe },
                elpd_loo = new { value = r.Loo, se = r.LooSe },
            }).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, new { n = best.N, models = output });
                return 0;
            }

            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            var table = new Table().Border(TableBorder.Simple).Title("ranked by free energy F_n (stepping-stone; lower is better)")
                .AddColumns("rank", "model", "d", "F_n (SS)", "F_n (TI)", "Δ F_n", "WAIC (loss)", "elpd_loo", "folder");
            foreach (var (r, i) in ranked.Select((r, i) => (r, i)))
            {
                table.AddRow(Markup.Escape((i + 1).ToString(CultureInfo.InvariantCulture)), Markup.Escape(r.Model), r.D.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape($"{F(r.FreeEnergy)} ± {F(r.FreeEnergySe)}"), Markup.Escape($"{F(r.Ti)} ± {F(r.TiSe)} (quadrature ≤ {F(r.TiError)})"),
                    F(r.FreeEnergy - best.FreeEnergy), Markup.Escape($"{F(r.Waic)} ± {F(r.WaicSe)}"), Markup.Escape($"{F(r.Loo)} ± {F(r.LooSe)}"), Markup.Escape(r.Folder));
            }

            Terminal.For(parse.InvocationConfiguration.Output).Write(table);
            return 0;
        }));
        return command;
    }

    private static Row Read(string folder)
    {
        var path = Path.Combine(folder, "freeenergy.json");
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "not found; run bfe freeenergy --out FOLDER first");
        }

        try
        {
            // The file is a FreeEnergyReport, written by bfe freeenergy with the same JSON conventions.
            var r = JsonSerializer.Deserialize<FreeEnergyReport>(File.ReadAllText(path), JsonFormat.Options)
                ?? throw new JsonException("the file holds null");
            return new Row(folder, r.Model, r.N, r.D, r.SteppingStone.Value, r.SteppingStone.StandardError, r.Ti.Value, r.Ti.StandardError,
                r.Ti.DiscretisationError, r.Waic.Value, r.Waic.Se, r.Loo.Value, r.Loo.Se, r.DataHash);
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, 0, $"is not a bfe freeenergy result: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    private sealed record Row(string Folder, string Model, int N, int D, double FreeEnergy, double FreeEnergySe, double Ti, double TiSe, double TiError,
        double Waic, double WaicSe, double Loo, double LooSe, string? DataHash);
}
