namespace Aegis.Lab.Architectures;

/// <summary>The built-in architectures the lab trains and the scanner reads back.</summary>
public enum LabArchitecture
{
    /// <summary>Two 3x3 conv layers and two linear layers; for 28x28 data, fast on CPU.</summary>
    SmallCnn,
    /// <summary>CIFAR-style ResNet-18 (3x3 stem, no max-pool).</summary>
    ResNet18,
    /// <summary>CIFAR-style ResNet-50 (3x3 stem, no max-pool).</summary>
    ResNet50,
    /// <summary>Three 3x3 conv layers with batch norm and a 256-wide penultimate layer; for 28x28 data.</summary>
    BatchNormCnn,
}
