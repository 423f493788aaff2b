package com.portfolio.infra.config;

import java.util.Map;
import java.util.Set;

/**
 * The config keys of the namespaces a stack file may hold besides the program's own: the AWS
 * provider's and the Pulumi engine's. The program reads almost none of them, but a misspelt one
 * ({@code aws:regoin}) would otherwise be ignored without a word by everyone.
 */
public final class ForeignConfigKeys {

    /**
     * The configuration of the AWS provider, com.pulumi:aws 6.83.0: the accessors of
     * {@code com.pulumi.aws.Config}, which are named after the keys (a test compares the two, so a
     * provider upgrade that adds a key fails it until the key is listed here).
     */
    public static final Set<String> AWS = Set.of(
            "accessKey", "allowedAccountIds", "assumeRole", "assumeRoleWithWebIdentity", "customCaBundle",
            "defaultTags", "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints",
            "forbiddenAccountIds", "httpProxy", "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy",
            "profile", "region", "retryMode", "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey",
            "sharedConfigFiles", "sharedCredentialsFiles", "skipCredentialsValidation", "skipMetadataApiCheck",
            "skipRegionValidation", "skipRequestingAccountId", "stsRegion", "token", "tokenBucketRateLimiterCapacity",
            "useDualstackEndpoint", "useFipsEndpoint");

    /**
     * The engine's own keys (https://www.pulumi.com/docs/iac/concepts/config/): default providers
     * turned off, stack tags, the template a project came from, the naming of resources.
     */
    public static final Set<String> PULUMI = Set.of("disable-default-providers", "tags", "template", "autonaming");

    /** The keys of each foreign namespace. */
    public static final Map<String, Set<String>> BY_NAMESPACE = Map.of("aws", AWS, "pulumi", PULUMI);

    private ForeignConfigKeys() {
    }
}
