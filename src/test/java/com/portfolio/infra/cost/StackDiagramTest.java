package com.portfolio.infra.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.portfolio.infra.config.RawConfig;
import com.portfolio.infra.config.StackSettings;
import com.portfolio.infra.config.StackSettingsParser;
import com.portfolio.infra.plan.Plan;
import com.portfolio.infra.plan.PlannedResource;
import com.portfolio.infra.testsupport.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackDiagramTest {

    private static final String STACK = "urn:pulumi:prod::portfolio::pulumi:pulumi:Stack::portfolio-prod";

    @Test
    void theReadmeEmbedsTheCurrentDiagramOfTheProdStack() throws IOException {
        StackSettings settings = StackSettingsParser.parse("portfolio", "prod",
                RawConfig.fromStackFile(Path.of("Pulumi.prod.yaml")), Path.of("."));
        String expected = "```mermaid\n" + StackDiagram.mermaid(TestStacks.plan(settings)) + "```\n";
        String readme = Files.readString(Path.of("README.md"));
        String start = "<!-- prod-diagram:start -->\n";
        int from = readme.indexOf(start);
        int to = readme.indexOf("<!-- prod-diagram:end -->");
        assertTrue(from >= 0 && to > from, "README.md has no prod diagram markers");
        assertEquals(expected, readme.substring(from + start.length(), to),
                "the README's prod diagram is stale: run `bash scripts/readme-diagram.sh -o`");
    }

    /** Hand-made resources under components, as the program would register them. */
    private static final class Builder {
        final List<PlannedResource> resources = new ArrayList<>(List.of(
                new PlannedResource(STACK, "pulumi:pulumi:Stack", "portfolio-prod", null, null, false, Map.of(), false, false, null)));

        String component(String type, String name, String parent) {
            String urn = STACK.replace("::portfolio-prod", "$" + type + "::" + name);
            resources.add(new PlannedResource(urn, type, name, null, parent == null ? STACK : parent, false, Map.of(), false, false,
                    null));
            return urn;
        }

        Builder add(String parent, String type, String name, Map<String, Object> inputs) {
            resources.add(new PlannedResource(parent + "$" + type + "::" + name, type, name, name + "-id", parent, true, inputs, false,
                    false, Map.of("arn", "arn:aws:x:us-east-1:123456789012:" + name)));
            return this;
        }

        Plan plan() {
            return new Plan("portfolio", "prod", resources, Map.of());
        }
    }

    @Test
    void componentsAreGroupsAndTheLinksThatMatterAreArrows() {
        var b = new Builder();
        String web = b.component("portfolio:web:Website", "site", null);
        String api = b.component("portfolio:api:Api", "api", null);
        String fn = b.component("portfolio:lambdas:Function", "api-hello", api);
        b.add(web, "aws:s3/bucketV2:BucketV2", "site-bucket", Map.of("tags", Map.of("purpose", "website")))
                .add(web, "aws:cloudfront/distribution:Distribution", "site-cdn", Map.of("origins", List.of(
                        Map.of("domainName", "site-bucket-id.s3.us-east-1.amazonaws.com"), Map.of("domainName", "api-http-id"))))
                .add(web, "aws:cloudfront/originAccessControl:OriginAccessControl", "site-oac", Map.of())
                .add(api, "aws:apigatewayv2/api:Api", "api-http", Map.of())
                .add(api, "aws:apigatewayv2/integration:Integration", "api-hello", Map.of("apiId", "api-http-id",
                        "integrationUri", "arn:aws:x:us-east-1:123456789012:api-hello-fn"))
                .add(fn, "aws:lambda/function:Function", "api-hello-fn", Map.of("name", "portfolio-prod-hello"));
        String mermaid = StackDiagram.mermaid(b.plan());
        assertEquals("""
                flowchart LR
                  viewer(["Viewer"])
                  subgraph Api_api["api (Api)"]
                    Api_api_http["HTTP API<br/>api-http"]
                    subgraph Function_api_hello["api-hello (Function)"]
                      Function_api_hello_fn["Lambda function<br/>portfolio-prod-hello"]
                    end
                  end
                  subgraph Website_site["site (Website)"]
                    Distribution_site_cdn["CloudFront distribution<br/>site-cdn"]
                    BucketV2_site_bucket["S3 bucket<br/>site-bucket (website)"]
                  end
                  Api_api_http -->|route| Function_api_hello_fn
                  Distribution_site_cdn -->|/api/*| Api_api_http
                  Distribution_site_cdn -->|site| BucketV2_site_bucket
                  viewer -->|HTTPS| Distribution_site_cdn
                """, mermaid);
    }

    @Test
    void aComponentWithoutMainResourcesIsLeftOutAndUnlinkedResourcesGetNoArrow() {
        var b = new Builder();
        String quiet = b.component("portfolio:x:Quiet", "quiet", null);
        String data = b.component("portfolio:x:Data", "data", null);
        b.add(quiet, "aws:iam/role:Role", "role", Map.of())
                .add(data, "aws:kms/key:Key", "key", Map.of())
                .add(data, "aws:dynamodb/table:Table", "table", Map.of("name", "t"));
        String mermaid = StackDiagram.mermaid(b.plan());
        assertTrue(!mermaid.contains("quiet") && !mermaid.contains("-->"), mermaid);
    }
}
