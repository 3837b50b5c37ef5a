// The examples of the documents MiniTorch was born from, printed the way they print them.
MiniTorch.Samples.Seeds.SeedExamples.RunAll(Console.Out);
