using Aegis.Sandbox.Child;
using Aegis.Sandbox.Walls;
using Aegis.Torch;

// The sandbox: holds one untrusted model and runs operations on it for the parent (see
// Aegis.Sandbox.SandboxSession). Its walls and limits hold before anything of the model is read.
SandboxWalls.Raise();
// Before the first torch call of any operation (even a CUDA query), so libtorch's thread settings take effect.
TorchRuntime.EnsureConfigured();
var operations = OperationRegistry.Discover();
using var channel = ProtocolChannel.Open();
channel.Serve(operations, new SandboxContext(Directory.GetCurrentDirectory()));
return 0;
