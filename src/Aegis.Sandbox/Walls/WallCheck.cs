namespace Aegis.Sandbox.Walls;

/// <summary>
/// Reads back, from the kernel's own account (/proc/self/status) and one refused open, that the
/// walls are in force before the model is read: a wall that silently failed would otherwise look
/// exactly like one that held.
/// </summary>
internal static class WallCheck
{
    private const int OpenDirectory = 0x10000;

    public static void Verify(bool landlock)
    {
        var status = File.ReadAllLines("/proc/self/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        Expect(status, "NoNewPrivs", "1");
        Expect(status, "Seccomp", "2");
        Expect(status, "CapEff", "0000000000000000");
        Expect(status, "CapPrm", "0000000000000000");
        Expect(status, "CapAmb", "0000000000000000");
        if (!landlock)
            return;
        // The root folder is in no rule: under Landlock, listing it is refused.
        int fd = NativeCalls.Open("/", OpenDirectory | NativeCalls.CloseOnExec);
        if (fd >= 0)
        {
            NativeCalls.Close(fd);
            throw new WallException("Landlock is not in force: the root folder can be listed.");
        }
        if (NativeCalls.LastError != NativeCalls.Eacces)
            throw new WallException($"Landlock's check open failed unexpectedly (errno {NativeCalls.LastError}).");
    }

    private static void Expect(Dictionary<string, string> status, string field, string value)
    {
        if (!status.TryGetValue(field, out var actual) || actual != value)
            throw new WallException($"{field} is {actual ?? "missing"} in /proc/self/status, not {value}.");
    }
}
