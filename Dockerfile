# The translation worker (`aegis worker`): ASP.NET Core + TorchSharp, for the GPU Container App in
# infra/main.bicep. Build from the repository root:
#
#   docker build -t aegis-worker .                                  # CPU build (the default)
#   az acr build -r <registry> -t aegis-worker:1 .                  # the same, built in Azure
#
# CUDA build: TORCH_DEVICE=cuda selects TorchSharp's CUDA package (TorchSharp-cuda-linux) instead of
# TorchSharp-cpu through the TorchDevice build property; the CUDA libraries come inside that package
# and the GPU node supplies the driver, so the runtime image stays the same:
#
#   docker build --build-arg TORCH_DEVICE=cuda -t aegis-worker:cuda .
#
# The CUDA package is not on the build machines of this project, so only the CPU build is checked
# here (tests/Aegis.Functions.Tests/Deployment/DockerfileTests.cs publishes exactly what this file
# publishes and checks every path it copies).
ARG TORCH_DEVICE=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_DEVICE
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Aegis.Cli/Aegis.Cli.csproj -c Release -o /app -p:TorchDevice=$TORCH_DEVICE

# Ubuntu 24.04's libstdc++ has GLIBCXX_3.4.32, which TorchSharp's native library asks for.
# bubblewrap gives each model's sandbox its own namespaces and a read-only view of the file system
# (README, "Security model"); where the container runtime refuses unprivileged user namespaces the
# worker falls back to a plain child process and every verdict's model.containment says so.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/ ./
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/aegis.dll", "worker", "--urls", "http://0.0.0.0:8080"]
