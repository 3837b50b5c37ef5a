using System.Numerics;
using System.Runtime.CompilerServices;

namespace MiniTorch.Tensors.Kernels;

// sin and cos. |x| = n pi/2 + r with |r| <= pi/4: n = round(|x| 2/pi), r by Cody-Waite with pi/2
// in four parts (Cephes' three for float with the last split again, fdlibm's 33-bit pieces plus a
// tail for double) so n * part stays exact. Then sin and cos of r by the Cephes (float) / fdlibm (double) kernel polynomials,
// picked and signed by n mod 4. Arguments above the reduction's range (and +-inf, NaN) take
// System.Math one lane at a time: rare in practice, and it keeps huge arguments exact.
internal static partial class VectorMath
{
    /// <summary>sin(x): odd, so sin(-0) = -0; sin(+-inf) = NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sin<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var a = TV.Abs(x);
        var result = SinCosOfMagnitude<TV, T>(a, cosine: false) ^ (x & SignMask<TV, T>());
        var huge = Not<TV, T>(TV.LessThanOrEqual(a, ReductionLimit<TV, T>()));
        return TV.Any(huge) ? TV.ApplyScalar<SinFallback<T>>(x, huge, result) : result;
    }

    /// <summary>cos(x): even; cos(+-inf) = NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Cos<TV, T>(TV x) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        var a = TV.Abs(x);
        var result = SinCosOfMagnitude<TV, T>(a, cosine: true);
        var huge = Not<TV, T>(TV.LessThanOrEqual(a, ReductionLimit<TV, T>()));
        return TV.Any(huge) ? TV.ApplyScalar<CosFallback<T>>(x, huge, result) : result;
    }

    /// <summary>Largest |x| the three-part reduction handles to the stated accuracy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ReductionLimit<TV, T>() where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T> =>
        TV.Constant(IsFloat<T>() ? 8192.0 : 65536.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SinCosOfMagnitude<TV, T>(TV a, bool cosine) where TV : struct, ILane<TV, T> where T : struct, IFloatingPointIeee754<T>
    {
        bool f = IsFloat<T>();
        var shifter = RoundingShifter<TV, T>();
        var shifted = TV.MultiplyAdd(a, TV.Constant(0.63661977236758134), shifter);
        var n = shifted - shifter;
        TV r;
        if (f)
        {
            r = TV.MultiplyAdd(n, TV.Constant(-1.5703125), a);
            r = TV.MultiplyAdd(n, TV.Constant(-4.837512969970703125e-4), r);
            // Cephes' third part split once more (11 bits + rest), so n * part stays exact
            // without FMA too; the last product's rounding is then far below r's last place.
            r = TV.MultiplyAdd(n, TV.Constant(-7.549533620476723e-08), r);
            r = TV.MultiplyAdd(n, TV.Constant(-2.563344151594519e-12), r);
        }
        else
        {
            r = TV.MultiplyAdd(n, TV.Constant(-1.57079632673412561417e+00), a);
            r = TV.MultiplyAdd(n, TV.Constant(-6.07710050630396597660e-11), r);
            r = TV.MultiplyAdd(n, TV.Constant(-2.02226624871116645580e-21), r);
            r = TV.MultiplyAdd(n, TV.Constant(-8.47842766036889956997e-32), r);
        }
        var z = r * r;
        TV s, c;
        if (f)
        {
            s = TV.Constant(-1.9515295891E-4);
            s = Step<TV, T>(s, z, 8.3321608736E-3);
            s = Step<TV, T>(s, z, -1.6666654611E-1);
            c = TV.Constant(2.443315711809948E-5);
            c = Step<TV, T>(c, z, -1.388731625493765E-3);
            c = Step<TV, T>(c, z, 4.166664568298827E-2);
        }
        else
        {
            s = TV.Constant(1.58969099521155010221e-10);
            s = Step<TV, T>(s, z, -2.50507602534068634195e-08);
            s = Step<TV, T>(s, z, 2.75573137070700676789e-06);
            s = Step<TV, T>(s, z, -1.98412698298579493134e-04);
            s = Step<TV, T>(s, z, 8.33333333332248946124e-03);
            s = Step<TV, T>(s, z, -1.66666666666666324348e-01);
            c = TV.Constant(-1.13596475577881948265e-11);
            c = Step<TV, T>(c, z, 2.08757232129817482790e-09);
            c = Step<TV, T>(c, z, -2.75573143513906633035e-07);
            c = Step<TV, T>(c, z, 2.48015872894767294178e-05);
            c = Step<TV, T>(c, z, -1.38888888888741095749e-03);
            c = Step<TV, T>(c, z, 4.16666666666666019037e-02);
        }
        var sinR = TV.MultiplyAdd(r * z, s, r);
        var cosR = TV.MultiplyAdd(z * z, c, TV.MultiplyAdd(z, TV.Constant(-0.5), TV.Constant(1.0)));
        // cos(a) = sin(a + pi/2): the quadrant moves on by one. Odd quadrants swap sin and cos,
        // quadrants 2 and 3 negate.
        var quadrant = cosine ? TV.AddBits(shifted, TV.FromBits(1)) : shifted;
        var odd = TV.EqualBits(quadrant & TV.FromBits(1), TV.FromBits(1));
        var negate = TV.ShiftLeftBits(quadrant & TV.FromBits(2), f ? 30 : 62);
        return TV.Select(odd, cosR, sinR) ^ negate;
    }

    private readonly struct SinFallback<T> : IScalarFunction<T> where T : struct, IFloatingPointIeee754<T>
    {
        public static T Invoke(T x) => typeof(T) == typeof(float)
            ? (T)(object)(float)Math.Sin((float)(object)x)
            : (T)(object)Math.Sin((double)(object)x);
    }

    private readonly struct CosFallback<T> : IScalarFunction<T> where T : struct, IFloatingPointIeee754<T>
    {
        public static T Invoke(T x) => typeof(T) == typeof(float)
            ? (T)(object)(float)Math.Cos((float)(object)x)
            : (T)(object)Math.Cos((double)(object)x);
    }
}
