using BayesFreeEnergy.Cli;

return BfeApp.Run(args, Console.Out, Console.Error);
