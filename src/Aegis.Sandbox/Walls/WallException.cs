namespace Aegis.Sandbox.Walls;

/// <summary>A wall could not be raised; the sandbox does not run without it.</summary>
public sealed class WallException(string message) : Exception(message);
