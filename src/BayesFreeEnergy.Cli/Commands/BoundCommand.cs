using System.CommandLine;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe bound</c>: the learning-coefficient values theory predicts for a teacher and a model.</summary>
internal static class BoundCommand
{
    public static Command Create()
    {
        var teacher = new Option<string>("--teacher") { Description = "Teacher: an architecture such as 1-3-1, or a teacher JSON file" };
        var model = new Option<string>("--model") { Description = "Model architecture, e.g. 1-10-10-1" };
        var linear = new Option<string>("--linear") { Description = "Exact value for a deep linear network (no biases) with these widths, e.g. 5-10-10-5" };
        var rank = new Option<int?>("--rank") { Description = "Rank of the true product matrix, with --linear" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("bound", "Print d/2, d*/2 and lambda_ReLU with the bound's conditions, or exact values of linear networks")
        {
            teacher, model, linear, rank, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
            {
                if (parse.GetValue(linear) is { } widths)
                {
                    if (parse.GetValue(teacher) is not null || parse.GetValue(model) is not null)
                    {
                        throw new UsageException("--linear is used alone (with --rank), not with --teacher or --model");
                    }

                    var r = parse.GetValue(rank) ?? throw new UsageException("--linear needs --rank, the rank of the true product matrix");
                    return Linear(Architecture.Parse(widths, Activation.Identity, hasBiases: false), r, parse.GetValue(json), output);
                }

                if (parse.GetValue(rank) is not null)
                {
                    throw new UsageException("--rank goes with --linear");
                }

                var teacherValue = parse.GetValue(teacher) ?? throw new UsageException("give --teacher and --model (or --linear with --rank)");
                var modelValue = parse.GetValue(model) ?? throw new UsageException("give --model, the architecture to bound, e.g. --model 1-10-10-1");
                var (teacherArchitecture, weights, _) = TeacherOption.Resolve(teacherValue, Activation.Relu);
                var report = ReluLearningCoefficientBound.Evaluate(teacherArchitecture, Architecture.Parse(modelValue), weights);
                return Relu(report, parse.GetValue(json), output);
            });
        });
        return command;
    }

    private static int Relu(ReluBoundReport report, bool json, TextWriter output)
    {
        if (json)
        {
            JsonOutput.Write(output, new
            {
                teacher = report.Teacher,
                model = report.Model,
                d = report.ModelParameters,
                d_star = report.TeacherParameters,
                u_star = report.TeacherHiddenUnits,
                regular = report.RegularValue,
                teacher_count = report.TeacherCountValue,
                lambda_relu = report.LambdaRelu,
                conditions_hold = report.AllConditionsHold,
                conditions = report.Conditions.Select(c => new { name = c.Name, holds = c.Holds, detail = c.Detail }),
            });
            return 0;
        }

        var console = Terminal.For(output);
        console.MarkupLineInterpolated($"Teacher [bold]{report.Teacher}[/] (d* = {report.TeacherParameters}, U* = {report.TeacherHiddenUnits}), model [bold]{report.Model}[/] (d = {report.ModelParameters})");
        var values = new Table().Border(TableBorder.Simple).AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        values.AddRow("d/2 (regular model)", Terminal.Number(report.RegularValue));
        values.AddRow("d*/2 (teacher's parameter count)", Terminal.Number(report.TeacherCountValue));
        values.AddRow("lambda_ReLU = (d* - U*)/2", report.LambdaRelu is { } bound ? Terminal.Number(bound) : "[red]not established[/]");
        console.Write(values);
        var conditions = new Table().Border(TableBorder.Simple).AddColumn("condition").AddColumn("holds").AddColumn("detail");
        foreach (var c in report.Conditions)
        {
            conditions.AddRow(Markup.Escape(c.Name), c.Holds ? "[green]yes[/]" : "[red]NO[/]", Markup.Escape(c.Detail));
        }

        console.Write(conditions);
        if (!report.AllConditionsHold)
        {
            console.MarkupLine("[red]lambda_ReLU is not printed: the conditions marked NO fail, so the constructive bound does not apply.[/]");
        }

        return 0;
    }

    private static int Linear(Architecture widths, int rank, bool json, TextWriter output)
    {
        var lambda = DeepLinearNetwork.LearningCoefficient(widths.Widths, rank);
        var d = widths.ParameterCount;
        if (json)
        {
            JsonOutput.Write(output, new { linear = widths.ToString(), rank, d, regular = d / 2.0, lambda });
            return 0;
        }

        var console = Terminal.For(output);
        console.MarkupLineInterpolated($"Deep linear network [bold]{widths}[/] without biases, true rank {rank} (d = {d})");
        var table = new Table().Border(TableBorder.Simple).AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("d/2 (regular model)", Terminal.Number(d / 2.0));
        table.AddRow(widths.LayerCount == 2 ? "lambda (Aoyagi-Watanabe 2005)" : "lambda (Aoyagi 2024)", Terminal.Number(lambda));
        console.Write(table);
        return 0;
    }
}
