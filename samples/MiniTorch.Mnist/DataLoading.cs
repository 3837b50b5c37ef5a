namespace MiniTorch.Samples.Mnist;

/// <summary>Reads the digits file for the network, turning every way it can fail into one clear <see cref="TrainerException"/>.</summary>
public static class DataLoading
{
    public static MnistData Load(string path, int? trainLimit, int? testLimit)
    {
        MnistImages images;
        try
        {
            images = MnistFile.Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TrainerException($"data file not found: {path}", inner: e);
        }
        catch (InvalidDataException e)
        {
            throw new TrainerException($"data file {path} is not a valid MNIST digits file: {e.Message}", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainerException($"cannot read data file {path}: {e.Message}", inner: e);
        }
        if (images.Rows != 28 || images.Cols != 28)
            throw new TrainerException($"data file {path} holds {images.Rows}x{images.Cols} images; the network needs 28x28");
        if (images.Count < 2)
            throw new TrainerException($"data file {path} holds {images.Count} image; a train/test split needs at least 2");
        return new MnistData(images, trainLimit, testLimit);
    }
}
