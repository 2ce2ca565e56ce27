# The worker (`aegis worker`): takes jobs from the job queue and runs each model in its sandbox; the
# Container App in infra/main.bicep runs it. Build from the repository root, one image per device; the
# Bicep picks the tag by the worker's profile (<version>-cuda on a GPU profile, <version>-cpu on Consumption):
#
#   docker build -t aegis-worker:1-cpu .                                          # CPU build (the default)
#   docker build --build-arg TORCH_DEVICE=cuda -t aegis-worker:1-cuda .           # CUDA build
#   az acr build -r <registry> -t aegis-worker:1-cuda --build-arg TORCH_DEVICE=cuda .   # the same, built in Azure
#
# TORCH_DEVICE=cuda selects TorchSharp's CUDA package (TorchSharp-cuda-linux) instead of TorchSharp-cpu
# through the TorchDevice build property; the CUDA libraries come inside that package and the GPU node
# supplies the driver, so the runtime image stays the same.
#
# The CUDA package is not on the build machines of this project, so only the CPU build is checked
# here (tests/Aegis.Functions.Tests/Deployment/DockerfileTests.cs publishes exactly what this file
# publishes, checks every path it copies, starts the entrypoint and has it take a job from the queue).
ARG TORCH_DEVICE=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_DEVICE
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Aegis.Cli/Aegis.Cli.csproj -c Release -o /app -p:TorchDevice=$TORCH_DEVICE

# Ubuntu 24.04's libstdc++ has GLIBCXX_3.4.32, which TorchSharp's native library asks for.
# Each model runs behind the strongest walls the container runtime allows (--isolation auto, never
# a plain process): bubblewrap (its own namespaces, a read-only view of the file system) where the
# runtime allows user namespaces, else confined by Landlock; a seccomp allow-list either way. Where
# neither can be had, every model run fails with sandbox-unavailable. The worker logs which one it
# got at start ("Model sandbox isolation auto: ..."), and every verdict's model.containment says
# which walls held (docs/security.md: checking a deployed worker).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/ ./
USER $APP_UID
# The health probe's port only: the worker takes its work from the queue and is called by no one.
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/aegis.dll", "worker", "--urls", "http://0.0.0.0:8080", "--isolation", "auto"]
