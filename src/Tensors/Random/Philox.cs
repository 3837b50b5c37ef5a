using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
/// counter-based generator PyTorch uses on CUDA. A block is a pure function of a 64-bit key and a
/// 128-bit counter, so any element of a stream can be computed on its own: values never depend
/// on how work is split or on the thread count.
/// </summary>
internal static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57; // round multipliers
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85; // key schedule (golden ratio, sqrt(3)-1)

    /// <summary>Four 32-bit words for the counter (c0..c3) under the key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>
    /// The block MiniTorch's generators use: key = seed (low word first), counter = (block index
    /// low, block index high, 0, 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint, uint, uint, uint) Block(ulong seed, ulong blockIndex) =>
        Block((uint)blockIndex, (uint)(blockIndex >> 32), 0, 0, (uint)seed, (uint)(seed >> 32));
}
