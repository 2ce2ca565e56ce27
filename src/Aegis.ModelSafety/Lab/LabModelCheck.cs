using System.Text;
using System.Text.Json;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Lab;

/// <summary>
/// The check of a lab model (model.json + TorchSharp weights). Lab models carry no code: the
/// network is built by the lab from its architecture name, so only sizes and structure are
/// checked: the descriptor's size and JSON, a weights file name that stays in the model's folder,
/// and a weights file whose every tensor header fits in the bytes that follow it (TorchSharp
/// allocates from those headers before comparing shapes).
/// </summary>
internal static class LabModelCheck
{
    public static ModelInventory? Run(string descriptorPath, ModelSafetyLimits limits, FindingCollector findings)
    {
        string descriptorName = Path.GetFileName(descriptorPath);
        long length = new FileInfo(descriptorPath).Length;
        if (length > limits.MaxDescriptorBytes)
        {
            findings.Unsafe("lab-model", descriptorName, descriptorName, $"the descriptor is {length} bytes, more than the {limits.MaxDescriptorBytes}-byte limit");
            return null;
        }
        string? weightsName;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(descriptorPath), new JsonDocumentOptions { MaxDepth = 16 });
            weightsName = document.RootElement.TryGetProperty("weights", out var weights) && weights.ValueKind == JsonValueKind.String ? weights.GetString() : null;
        }
        catch (JsonException e)
        {
            findings.Unreadable("lab-model", descriptorName, descriptorName, $"the descriptor is not valid JSON ({UntrustedText.QuoteAscii(e.Message)})");
            return null;
        }
        if (string.IsNullOrEmpty(weightsName))
        {
            findings.Unreadable("lab-model", descriptorName, descriptorName, "the descriptor names no weights file");
            return null;
        }
        if (weightsName is "." or ".." || weightsName.IndexOfAny(['/', '\\', ':']) >= 0 || weightsName.Any(char.IsControl))
        {
            findings.Unsafe("lab-model", weightsName, descriptorName, $"weights file '{UntrustedText.QuoteAscii(weightsName)}' is not a plain file name beside the descriptor");
            return null;
        }
        string weightsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(descriptorPath))!, weightsName);
        if (!File.Exists(weightsPath))
        {
            findings.Unreadable("lab-model", weightsName, descriptorName, $"weights file '{UntrustedText.QuoteAscii(weightsName)}' is missing");
            return null;
        }
        long weightsLength = new FileInfo(weightsPath).Length;
        if (weightsLength > limits.MaxModelBytes)
        {
            findings.Unsafe("archive-size", weightsName, weightsName, $"the weights file is {weightsLength} bytes, more than the {limits.MaxModelBytes}-byte limit");
            return null;
        }
        int tensors = CheckWeights(weightsPath, weightsName, limits, findings);
        return new ModelInventory { Entries = 2, InflatedBytes = length + weightsLength, Tensors = tensors };
    }

    /// <summary>
    /// TorchSharp's format: a LEB128 tensor count, then per tensor a length-prefixed UTF-8 name, a
    /// LEB128 dtype, a LEB128 rank, LEB128 dimensions and the raw bytes. Returns the tensor count.
    /// </summary>
    private static int CheckWeights(string path, string name, ModelSafetyLimits limits, FindingCollector findings)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        using var reader = new BinaryReader(file, Encoding.UTF8);
        try
        {
            long count = Leb128(reader);
            if (count < 0 || count > limits.MaxEntries)
            {
                findings.Unsafe("lab-model", name, $"{name}@0", $"the weights declare {count} tensors (at most {limits.MaxEntries})");
                return 0;
            }
            for (int i = 0; i < count; i++)
            {
                long at = file.Position;
                int nameLength = reader.Read7BitEncodedInt();
                if (nameLength < 0 || nameLength > limits.MaxEntryNameLength)
                {
                    findings.Unsafe("lab-model", name, $"{name}@{at}", $"tensor {i} declares a {nameLength}-byte name");
                    return i;
                }
                file.Seek(nameLength, SeekOrigin.Current);
                long dtype = Leb128(reader);
                long elementSize = ElementSize(dtype);
                long rank = Leb128(reader);
                if (elementSize == 0 || rank < 0 || rank > limits.MaxTensorRank)
                {
                    findings.Unsafe("lab-model", name, $"{name}@{at}", $"tensor {i} declares dtype {dtype} and rank {rank}, which TorchSharp weights never hold");
                    return i;
                }
                Int128 bytes = elementSize;
                for (int d = 0; d < rank; d++)
                {
                    long dim = Leb128(reader);
                    if (dim < 0)
                    {
                        findings.Unsafe("lab-model", name, $"{name}@{at}", $"tensor {i} declares dimension {dim}");
                        return i;
                    }
                    bytes *= dim;
                    if (bytes > file.Length)
                        break;
                }
                if (bytes > file.Length - file.Position)
                {
                    findings.Unsafe("lab-model", name, $"{name}@{at}", $"tensor {i} claims {bytes} bytes but {file.Length - file.Position} remain in the file");
                    return i;
                }
                file.Seek((long)bytes, SeekOrigin.Current);
            }
            if (file.Position != file.Length)
                findings.Unreadable("lab-model", name, $"{name}@{file.Position}", $"{file.Length - file.Position} bytes follow the last tensor");
            return (int)count;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            findings.Unreadable("lab-model", name, name, "the weights file ends inside a tensor header");
            return 0;
        }
    }

    /// <summary>An unsigned LEB128 value as TorchSharp writes it (at most 10 bytes for 64 bits).</summary>
    private static long Leb128(BinaryReader reader)
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return (long)value;
        }
        throw new FormatException("LEB128 value longer than 10 bytes");
    }

    /// <summary>Bytes per element of TorchSharp's ScalarType codes; 0 for codes weights never hold.</summary>
    private static long ElementSize(long dtype) => dtype switch
    {
        0 or 1 or 11 => 1,   // Byte, Int8, Bool
        2 or 5 or 15 => 2,   // Int16, Float16, BFloat16
        3 or 6 => 4,         // Int32, Float32
        4 or 7 or 9 => 8,    // Int64, Float64, ComplexFloat32
        10 => 16,            // ComplexFloat64
        _ => 0,
    };
}
