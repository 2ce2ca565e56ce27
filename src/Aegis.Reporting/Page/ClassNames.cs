namespace Aegis.Reporting.Page;

/// <summary>Human names of the classes of the datasets the scanner reads natively, so "class 7" also reads "Sneaker".</summary>
internal static class ClassNames
{
    private static readonly string[] FashionMnist =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] Cifar10 =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The name of <paramref name="label"/> in the dataset called <paramref name="dataset"/>, or null when unknown.</summary>
    public static string? Of(string? dataset, int label)
    {
        string name = (dataset ?? "").ToLowerInvariant();
        string[]? names = name.Contains("fashion") ? FashionMnist
            : name.Contains("cifar") && !name.Contains("100") ? Cifar10
            : null;
        if (names is not null)
            return label >= 0 && label < names.Length ? names[label] : null;
        return name.Contains("mnist") && label is >= 0 and <= 9 ? $"digit {label}" : null;
    }
}
