// The headline question from C#: does an over-parameterized ReLU network pay for its teacher or for its size?
// Run with: dotnet run --project examples/LibraryExample -c Release   (about half a minute on 2 cores)
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

// Data from a 1-3-1 teacher whose kinks lie inside [-1, 1].
var teacher = TeacherFactory.CreateRandom(Architecture.Parse("1-3-1"), seed: 1, kinksInside: true);
var data = TeacherFactory.GenerateData(teacher, count: 400, noise: 0.1, seed: 1);

// A model twice the teacher's width and one layer deeper.
var architecture = Architecture.Parse("1-6-6-1");
var model = new GaussianRegressionModel(architecture, data, noise: 0.1, new GaussianPrior(1));
var bound = ReluLearningCoefficientBound.Evaluate(teacher.Architecture, architecture, teacher).LambdaRelu;

// Free energy by replica exchange over a power ladder plus the WBIC temperatures; every estimate carries a verdict.
var settings = new SamplerSettings { Chains = 2, Warmup = 200, Draws = 400, Seed = 1, SaveLogLikelihood = true }; // WAIC and LOO need log_lik
var ladder = FreeEnergyAnalysis.Ladder(rungs: 12, power: 5, data.Count);
var run = ReplicaExchangeSampler.Run(model, ladder, settings);
var report = FreeEnergyAnalysis.Analyze(model, run, settings, teacher, testPoints: 2000);

Console.WriteLine($"{architecture}: d = {model.Dimension}, d/2 = {model.Dimension / 2.0}, lambda_ReLU = {bound}");
Console.WriteLine($"F_n (stepping-stone) = {report.SteppingStone.Value:F2} ± {report.SteppingStone.StandardError:F2} [{report.SteppingStone.Status}]");
foreach (var (name, estimate) in new[] { ("lambda, two temperatures", report.LambdaWbic2), ("lambda, variance", report.LambdaVariance) })
{
    Console.WriteLine($"{name} = {estimate.Value:F2} ± {estimate.StandardError:F2} [{estimate.Status}] {string.Join("; ", estimate.Reasons)}");
}

Console.WriteLine($"n G_n = {report.Teacher!.NG.Value:F2} ± {report.Teacher.NG.StandardError:F2} (E[n G_n] tends to lambda)");
