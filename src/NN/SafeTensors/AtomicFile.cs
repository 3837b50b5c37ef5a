namespace MiniTorch.Serialization;

/// <summary>
/// Replaces a file all at once: the content goes to <c>&lt;target&gt;.tmp-&lt;random&gt;</c> in the same
/// folder, is flushed to disk, and is then renamed over the target. A rename within one folder is
/// atomic, so readers see either the old file or the complete new one; an exception while writing
/// deletes the temporary file and leaves the old file untouched. (A power loss can still leave a
/// stray temporary file, never a half-written target.)
/// </summary>
internal static class AtomicFile
{
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="interpose">Wraps the file stream before <paramref name="write"/> sees it (tests use it to fail part-way).</param>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? interpose = null)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' has no folder", nameof(path));
        var temporary = Path.Combine(folder, Path.GetFileName(target) + ".tmp-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var stream = interpose?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* the original exception matters more than a leftover temporary file */ }
        catch (UnauthorizedAccessException) { }
    }
}
