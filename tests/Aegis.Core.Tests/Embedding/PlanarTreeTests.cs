using Aegis.Core.Embedding;

namespace Aegis.Core.Tests.Embedding;

public class PlanarTreeTests
{
    private static double[] RandomPlane(int n, int seed)
    {
        var random = new Random(seed);
        var points = new double[2 * n];
        for (int k = 0; k < points.Length; k++)
            points[k] = (random.NextDouble() * 2 - 1) * 20;
        return points;
    }

    private static (double SumQ, double X, double Y) Alone(PlanarTree tree, int point, float squaredTheta)
    {
        var q = new double[1];
        var x = new double[1];
        var y = new double[1];
        tree.Repulsion([point], squaredTheta, q, x, y);
        return (q[0], x[0], y[0]);
    }

    private static (double SumQ, double X, double Y) BruteForce(double[] points, int i)
    {
        double sumQ = 0, fx = 0, fy = 0;
        for (int j = 0; j < points.Length / 2; j++)
        {
            double dx = points[2 * i] - points[2 * j];
            double dy = points[2 * i + 1] - points[2 * j + 1];
            if (Math.Abs(dx) <= 1e-6 && Math.Abs(dy) <= 1e-6)
                continue;
            double q = 1.0 / (1.0 + dx * dx + dy * dy);
            sumQ += q;
            fx += q * q * dx;
            fy += q * q * dy;
        }
        return (sumQ, fx, fy);
    }

    [Fact]
    public void WithZeroAngleTheRepulsionIsTheExactSumOverTheOtherPoints()
    {
        var points = RandomPlane(300, seed: 4);
        var tree = new PlanarTree(300);
        tree.Build(points);

        foreach (int i in new[] { 0, 17, 150, 299 })
        {
            var (q, x, y) = Alone(tree, i, 0f);
            var expected = BruteForce(points, i);
            Assert.Equal(expected.SumQ, q, expected.SumQ * 1e-5);
            Assert.Equal(expected.X, x, 1e-5 * Math.Abs(expected.X) + 1e-7);
            Assert.Equal(expected.Y, y, 1e-5 * Math.Abs(expected.Y) + 1e-7);
        }
    }

    [Fact]
    public void BarnesHutApproximationStaysCloseToTheExactSum()
    {
        var points = RandomPlane(500, seed: 9);
        var tree = new PlanarTree(500);
        tree.Build(points);

        var (q, _, _) = Alone(tree, 42, 0.25f);
        var expected = BruteForce(points, 42);
        Assert.NotEqual(expected.SumQ, q);
        Assert.Equal(expected.SumQ, q, 0.02 * expected.SumQ);
    }

    [Fact]
    public void APointGetsTheSameRepulsionAloneOrWalkedWithOthers()
    {
        var points = RandomPlane(200, seed: 2);
        var tree = new PlanarTree(200);
        tree.Build(points);
        var packet = tree.Order.Slice(64, PlanarTree.PacketSize).ToArray();
        var q = new double[packet.Length];
        var x = new double[packet.Length];
        var y = new double[packet.Length];

        tree.Repulsion(packet, 0.25f, q, x, y);

        for (int lane = 0; lane < packet.Length; lane++)
            Assert.Equal(Alone(tree, packet[lane], 0.25f), (q[lane], x[lane], y[lane]));
    }

    [Fact]
    public void DuplicatesShareALeafAndDoNotRepelEachOther()
    {
        double[] points = [0, 0, 5, 5, 5, 5, -3, 4];
        var tree = new PlanarTree(4);
        tree.Build(points);

        var (q, _, _) = Alone(tree, 1, 0f);
        Assert.Equal(BruteForce(points, 1).SumQ, q, 1e-6);
        var (origin, _, _) = Alone(tree, 0, 0f);
        Assert.Equal(2.0 / 51 + 1.0 / 26, origin, 1e-6);
        Assert.Equal(4, tree.Order.Length);
        Assert.Equal([0, 1, 2, 3], tree.Order.ToArray().Order());
    }

    [Fact]
    public void RejectsADivergedEmbedding()
    {
        var tree = new PlanarTree(2);
        var error = Assert.Throws<ArithmeticException>(() => tree.Build([0, 0, double.NaN, 1]));
        Assert.Contains("diverged", error.Message);
    }
}
