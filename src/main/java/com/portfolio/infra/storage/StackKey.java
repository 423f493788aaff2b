package com.portfolio.infra.storage;

import com.portfolio.infra.config.StackContext;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * The stack's customer-managed KMS key, with yearly rotation, used by EFS, DynamoDB, S3, log
 * groups and SNS. Prod keeps the key when the stack is destroyed: data encrypted under a deleted
 * key is lost for good.
 */
public final class StackKey extends ComponentResource {

    public static final String TYPE = "portfolio:storage:StackKey";

    /** @param context where the stack is deployed */
    public record Args(StackContext context) {
    }

    public final Output<String> keyArn;
    public final Output<String> keyId;

    public StackKey(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var context = args.context();
        var settings = context.settings();
        var keyOptions = CustomResourceOptions.builder().parent(this)
                .protect(settings.isProduction()).retainOnDelete(settings.isProduction()).build();
        var key = new Key(name + "-key", KeyArgs.builder()
                .description("Encrypts the data of " + settings.namePrefix())
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .policy(context.accountId().applyValue(account ->
                        StackKeyPolicy.document(context.partition(), context.region(), account)))
                .tags(context.tags("stack-key"))
                .build(), keyOptions);
        new Alias(name + "-alias", AliasArgs.builder()
                .name("alias/" + settings.namePrefix())
                .targetKeyId(key.keyId())
                .build(), CustomResourceOptions.builder().parent(this).build());
        this.keyArn = key.arn();
        this.keyId = key.keyId();
        registerOutputs(Map.of("keyArn", keyArn));
    }
}
