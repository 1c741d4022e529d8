# The API, built from source. docker compose (docker-compose.yml) runs it with PostgreSQL 15.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Timpora.Cases.sln ./
COPY src/Timpora.Cases/Timpora.Cases.csproj src/Timpora.Cases/
COPY src/Timpora.Api/Timpora.Api.csproj src/Timpora.Api/
RUN dotnet restore src/Timpora.Api/Timpora.Api.csproj -r linux-x64 -p:PublishReadyToRun=true
COPY src/ src/
# ReadyToRun: the API and every library it uses are compiled ahead of time, so a new node spends its first seconds
# serving rather than compiling (bench/RESULTS.md, B7). The handler code is pre-generated (src/Timpora.Api/Internal/Generated).
RUN dotnet publish src/Timpora.Api/Timpora.Api.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Timpora.Api.dll"]
