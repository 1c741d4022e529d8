# The API, built from source. docker compose (docker-compose.yml) runs it with PostgreSQL 15.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Timpora.Cases.sln ./
COPY src/Timpora.Cases/Timpora.Cases.csproj src/Timpora.Cases/
COPY src/Timpora.Api/Timpora.Api.csproj src/Timpora.Api/
RUN dotnet restore src/Timpora.Api/Timpora.Api.csproj
COPY src/ src/
RUN dotnet publish src/Timpora.Api/Timpora.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Timpora.Api.dll"]
