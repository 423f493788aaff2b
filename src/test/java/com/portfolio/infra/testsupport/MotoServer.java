package com.portfolio.infra.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts {@code moto_server} on a free local port for a test class and stops it afterwards.
 * Use as {@code @RegisterExtension static final MotoServer MOTO = new MotoServer();}.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

    public static final Region REGION = Region.EU_WEST_1;
    private static final String ACCESS_KEY_ID = "testing";
    private static final String SECRET_ACCESS_KEY = "testing";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private Process process;
    private int port;
    private Path logFile;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        port = freePort();
        logFile = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("moto_server is not on the PATH (" + e.getMessage()
                    + "); install it with: pip install 'moto[server]==5.*'", e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before answering on port " + port + "; its output:\n" + Files.readString(logFile));
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("moto_server did not answer on port " + port + " within "
                        + START_TIMEOUT + "; its output:\n" + Files.readString(logFile));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (logFile != null) {
            Files.deleteIfExists(logFile);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Forgets every resource, so each test starts from an empty account. */
    public void reset() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
        connection.setRequestMethod("POST");
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IllegalStateException("moto reset answered HTTP " + status + "; expected 200");
        }
    }

    public S3Client s3() {
        return s3(REGION);
    }

    /** A client of moto's S3 in {@code region} (a stack's region). */
    public S3Client s3(Region region) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .build();
    }

    public CodeBuildClient codeBuild() {
        return codeBuild(REGION);
    }

    /** A client of moto's CodeBuild in {@code region} (a stack's region). */
    public CodeBuildClient codeBuild(Region region) {
        return CodeBuildClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new MotoTimestampFix()))
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /**
     * The environment that points a program's own AWS SDK v2 clients at this server: static
     * credentials, and the service endpoints the SDK reads from AWS_ENDPOINT_URL_S3 and
     * AWS_ENDPOINT_URL_CODEBUILD (2.57 for S3, 2.40 for CodeBuild, without code of ours). The
     * endpoint is an IP address, for which S3 addresses buckets path-style by itself, as moto needs.
     */
    public Map<String, String> clientEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL_S3", endpoint().toString(), "AWS_ENDPOINT_URL_CODEBUILD", endpoint().toString());
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
