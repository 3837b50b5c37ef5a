using MiniTorch.NN;

namespace MiniTorch.Samples.Mnist;

/// <summary>
/// The trainer's CNN, in PyTorch terms:
/// <code>
/// features = Sequential(Conv2d(1, 16, 3, padding=1), BatchNorm2d(16), ReLU(), MaxPool2d(2),
///                       Conv2d(16, 32, 3, padding=1), BatchNorm2d(32), ReLU(), MaxPool2d(2))
/// classifier = Linear(32 * 7 * 7, 10)
/// forward(x) = classifier(features(x).flatten(1))
/// </code>
/// Input [N, 1, 28, 28] normalised digits; output [N, 10] logits. State-dict keys are PyTorch's
/// (<c>features.0.weight</c>, <c>features.1.running_mean</c>, ..., <c>classifier.bias</c>), so a
/// checkpoint loads into the same module written in PyTorch.
/// </summary>
public sealed class MnistNet : Module<Tensor, Tensor>
{
    /// <summary>Channels after each convolution block.</summary>
    public const int Channels1 = 16, Channels2 = 32;

    /// <summary>Features entering the classifier: 32 channels of 7 × 7 after two 2× poolings of 28 × 28.</summary>
    public const int FlatFeatures = Channels2 * 7 * 7;

    public const int Classes = 10;

    public MnistNet()
    {
        Features = RegisterModule("features", new Sequential(
            new Conv2d(1, Channels1, kernelSize: 3, padding: 1), new BatchNorm2d(Channels1), new ReLU(), new MaxPool2d(2),
            new Conv2d(Channels1, Channels2, kernelSize: 3, padding: 1), new BatchNorm2d(Channels2), new ReLU(), new MaxPool2d(2)));
        Classifier = RegisterModule("classifier", new Linear(FlatFeatures, Classes));
    }

    public Sequential Features { get; }
    public Linear Classifier { get; }

    public override Tensor Forward(Tensor input) => Classifier.Forward(Features.Forward(input).Flatten(1));
}
