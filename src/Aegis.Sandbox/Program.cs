using Aegis.Sandbox;

// The sandbox: holds one untrusted model and runs operations on it for the parent (see
// Aegis.Containment.SandboxSession). Its own limits hold before anything of the model is read.
ResourceLimits.Apply();
var operations = OperationRegistry.Discover();
using var channel = ProtocolChannel.Open();
channel.Serve(operations, new SandboxContext(Directory.GetCurrentDirectory()));
return 0;
