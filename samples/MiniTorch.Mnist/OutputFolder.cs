namespace MiniTorch.Samples.Mnist;

/// <summary>The folder a training run writes to, checked before training starts so a long run never fails at its end.</summary>
public sealed class OutputFolder
{
    private OutputFolder(string path) => FullPath = path;

    /// <summary>The folder's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>The absolute path of <paramref name="fileName"/> inside the folder.</summary>
    public string File(string fileName) => Path.Combine(FullPath, fileName);

    /// <summary>Creates the folder if needed and proves a file can be written in it.</summary>
    public static OutputFolder Prepare(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            System.IO.File.WriteAllBytes(probe, []);
            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new TrainerException($"cannot write to output folder {full}: {e.Message}", inner: e);
        }
        return new OutputFolder(full);
    }
}
