using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(BayesFreeEnergy.Benchmarks.GradientBenchmarks).Assembly).Run(args);
