namespace Aegis.Sandbox;

/// <summary>
/// Resident memory of a process and all its descendants, from /proc (bubblewrap puts two
/// processes above the sandbox). Resident memory includes shared memory a process has mapped
/// (statm's resident is RssAnon + RssFile + RssShmem); memory held without a mapping (a memfd
/// or System V segment written but not mapped) is not in it, which is why the seccomp policy
/// refuses memfd_create and shmget.
/// </summary>
internal static class ProcessTree
{
    /// <summary>A sandbox is one process (three under bubblewrap); the walls refuse new ones, a trusted process may make a few.</summary>
    public const int MaxProcesses = 64;
    /// <summary>A scan's sandbox runs about 20 threads; each one's children are listed on every look, so their number is bounded too.</summary>
    public const int MaxThreads = 1024;

    /// <returns>The resident bytes, or null when the tree has more than <see cref="MaxProcesses"/> processes or one has more than <see cref="MaxThreads"/> threads.</returns>
    public static long? ResidentBytes(int root)
    {
        long total = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (!seen.Add(pid))
                continue;
            if (seen.Count > MaxProcesses)
                return null;
            total += Resident(pid);
            if (Children(pid) is not { } children)
                return null;
            foreach (var child in children)
                pending.Push(child);
        }
        return total;
    }

    private static long Resident(int pid)
    {
        try
        {
            // statm: size resident shared text lib data dt, in pages.
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1]) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0; // exited meanwhile
        }
    }

    private static List<int>? Children(int pid)
    {
        var children = new List<int>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return children; // exited meanwhile
        }
        if (tasks.Length > MaxThreads)
            return null;
        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var field in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(field, out int child))
                    children.Add(child);
            }
        }
        return children;
    }
}
