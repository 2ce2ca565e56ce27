namespace Aegis.Core;

/// <summary>A dense row-major matrix of floats: feature rows, one per image.</summary>
public sealed class Matrix
{
    public Matrix(int rows, int columns, float[]? data = null)
    {
        if (rows < 0 || columns < 0)
            throw new ArgumentOutOfRangeException(nameof(rows), "Matrix dimensions cannot be negative.");
        data ??= new float[(long)rows * columns];
        if (data.LongLength != (long)rows * columns)
            throw new ArgumentException($"{data.Length} values do not fill a {rows}x{columns} matrix.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; }
    public int Columns { get; }
    public float[] Data { get; }

    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Stacks <paramref name="top"/> above <paramref name="bottom"/>.</summary>
    public static Matrix VerticalConcat(Matrix top, Matrix bottom)
    {
        if (top.Columns != bottom.Columns)
            throw new ArgumentException($"Cannot stack a {top.Columns}-column matrix on a {bottom.Columns}-column one.");
        var data = new float[top.Data.Length + bottom.Data.Length];
        top.Data.CopyTo(data, 0);
        bottom.Data.CopyTo(data, top.Data.Length);
        return new Matrix(top.Rows + bottom.Rows, top.Columns, data);
    }

    /// <summary>The column means.</summary>
    public double[] ColumnMeans()
    {
        var mean = new double[Columns];
        for (int r = 0; r < Rows; r++)
        {
            var row = Row(r);
            for (int c = 0; c < Columns; c++)
                mean[c] += row[c];
        }
        for (int c = 0; c < Columns; c++)
            mean[c] /= Math.Max(1, Rows);
        return mean;
    }
}
