// Trains a small CNN on the MNIST digits shipped in data/; `--help` lists the options.
return MiniTorch.Samples.Mnist.TrainerCommand.Run(args, Console.Out, Console.Error);
