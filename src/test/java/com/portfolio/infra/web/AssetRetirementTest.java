package com.portfolio.infra.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.portfolio.infra.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/** Retiring the hashed assets a deploy dropped, against moto's S3. */
class AssetRetirementTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String BUCKET = "site";

    @Test
    void onlyAssetsThatAreNeitherCurrentNorRetiredAreRetired() {
        assertEquals(List.of("assets/old-2.js"), AssetRetirement.toRetire(
                Set.of("assets/new-1.js", "assets/old-1.js", "assets/old-2.js", "index.html", "robots.txt"),
                Set.of("assets/old-1.js"), Set.of("assets/new-1.js")));
    }

    @Test
    void aDroppedAssetIsRewrittenWithTheRetiredTagAndItsHeadersWhileCurrentOnesAreUntouched() throws Exception {
        MOTO.reset();
        S3Client s3 = MOTO.s3();
        s3.createBucket(r -> r.bucket(BUCKET));
        for (String key : List.of("assets/old-1a2b.js", "assets/new-3c4d.js", "index.html")) {
            s3.putObject(r -> r.bucket(BUCKET).key(key).contentType("text/javascript; charset=utf-8")
                    .cacheControl("public, max-age=31536000, immutable").tagging("project=portfolio&component=website"),
                    RequestBody.fromString("content of " + key));
        }

        List<String> retired = AssetRetirement.run(s3, BUCKET, Set.of("assets/new-3c4d.js"));

        assertEquals(List.of("assets/old-1a2b.js"), retired);
        assertEquals(Map.of("project", "portfolio", "component", "website", "site-asset", "retired"), tags(s3, "assets/old-1a2b.js"));
        assertEquals(Map.of("project", "portfolio", "component", "website"), tags(s3, "assets/new-3c4d.js"));
        assertEquals(Map.of("project", "portfolio", "component", "website"), tags(s3, "index.html"), "only assets/ is retired");
        var head = s3.headObject(r -> r.bucket(BUCKET).key("assets/old-1a2b.js"));
        assertEquals("text/javascript; charset=utf-8", head.contentType());
        assertEquals("public, max-age=31536000, immutable", head.cacheControl());
        assertEquals("content of assets/old-1a2b.js",
                s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("assets/old-1a2b.js")).asUtf8String());

        assertEquals(List.of(), AssetRetirement.run(s3, BUCKET, Set.of("assets/new-3c4d.js")),
                "a retired asset is not rewritten again, which would restart its grace period");
    }

    private static Map<String, String> tags(S3Client s3, String key) {
        return s3.getObjectTagging(r -> r.bucket(BUCKET).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
