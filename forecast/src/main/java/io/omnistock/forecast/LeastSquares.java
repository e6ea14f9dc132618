package io.omnistock.forecast;

/** Gaussian elimination with partial pivoting on a small augmented normal-equations matrix. */
final class LeastSquares
{
    private LeastSquares()
    {
    }

    /** @return the solution of the p x (p + 1) augmented system (changed in place), or null if singular. */
    static double[] solve(final double[][] a)
    {
        final int p = a.length;
        for (int c = 0; c < p; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < p; r++)
            {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c]))
                {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][c]) < 1e-12)
            {
                return null;
            }
            final double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < p; r++)
            {
                if (r != c)
                {
                    final double f = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++)
                    {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        final double[] x = new double[p];
        for (int i = 0; i < p; i++)
        {
            x[i] = a[i][p] / a[i][i];
        }
        return x;
    }
}
