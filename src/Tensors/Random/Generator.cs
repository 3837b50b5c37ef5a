using MiniTorch.Tensors;

namespace MiniTorch;

/// <summary>
/// A seedable source of random numbers, like <c>torch.Generator</c>. It is a Philox4x32-10 key
/// (the seed) plus an offset counting the 128-bit counter blocks already handed out. Each request
/// (one <c>Rand</c>, <c>Randn</c>, ... call) reserves a run of blocks and computes every element
/// from the seed and its own index alone, so results are reproducible run to run and do not depend
/// on the thread count.
/// </summary>
/// <remarks>
/// Stream layout of one request that starts at block <c>o</c> (words w0..w3 of a block):
/// <list type="bullet">
/// <item>32-bit samples (float32 <c>Rand</c>/<c>Uniform</c>): element i is word i % 4 of block o + i / 4.</item>
/// <item>64-bit samples (float64 <c>Rand</c>/<c>Uniform</c>, <c>RandInt</c>, <c>Bernoulli</c>,
/// <c>RandPerm</c>): element i is (w1:w0) or (w3:w2) of block o + i / 2 for even or odd i.</item>
/// <item>Normals (<c>Randn</c>, both dtypes): elements 2p and 2p+1 are the Box-Muller pair of block
/// o + p, from the 53-bit uniforms (w1:w0) and (w3:w2); float32 values are the float64 values rounded.</item>
/// </list>
/// A request of n elements advances the offset by the number of blocks it touched, so one request
/// of n + m values equals a request of n followed by one of m exactly when n is a multiple of the
/// elements per block (4, 2 and 2 above). Shapes do not matter, only element counts.
/// Thread safety: reserving blocks is atomic, so concurrent callers get disjoint streams (in an
/// order the scheduler picks).
/// </remarks>
public sealed class Generator
{
    /// <summary>The seed <see cref="Default"/> starts with: PyTorch's default (<c>torch.initial_seed()</c>).</summary>
    public const ulong DefaultSeed = 67280421310721;

    private readonly Lock _gate = new();
    private ulong _seed;
    private ulong _offset;

    /// <summary>A generator whose stream is fixed by <paramref name="seed"/>.</summary>
    public Generator(ulong seed) => _seed = seed;

    /// <summary>The process-wide generator used when a call passes none (reseed it with <see cref="ManualSeed"/>).</summary>
    public static Generator Default { get; } = new(DefaultSeed);

    /// <summary>Reseeds <see cref="Default"/>, like <c>torch.manual_seed</c>; returns it.</summary>
    public static Generator ManualSeed(ulong seed) => Default.Reseed(seed);

    /// <summary>The seed of the current stream (<c>Generator.initial_seed()</c>).</summary>
    public ulong InitialSeed { get { lock (_gate) return _seed; } }

    /// <summary>Restarts this generator's stream from <paramref name="seed"/> (<c>Generator.manual_seed</c>); returns it.</summary>
    public Generator Reseed(ulong seed)
    {
        lock (_gate) { _seed = seed; _offset = 0; }
        return this;
    }

    /// <summary>The seed and offset; <see cref="SetState(GeneratorState)"/> with it continues the identical stream.</summary>
    public GeneratorState GetState() { lock (_gate) return new GeneratorState(_seed, _offset); }

    public void SetState(GeneratorState state)
    {
        lock (_gate) { _seed = state.Seed; _offset = state.Offset; }
    }

    /// <summary>Restores a state serialized by <see cref="GeneratorState.ToBytes"/>.</summary>
    public void SetState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        SetState(GeneratorState.FromBytes(state));
    }

    /// <summary>The state serialized (20 bytes), for checkpoints.</summary>
    public byte[] GetStateBytes() => GetState().ToBytes();

    /// <summary>Reserves <paramref name="blocks"/> counter blocks; returns the key and the first block.</summary>
    internal (ulong seed, ulong firstBlock) Reserve(ulong blocks)
    {
        lock (_gate)
        {
            ulong first = _offset;
            _offset += blocks;
            return (_seed, first);
        }
    }
}
