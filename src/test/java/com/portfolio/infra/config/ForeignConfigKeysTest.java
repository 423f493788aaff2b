package com.portfolio.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ForeignConfigKeysTest {

    /** The provider's config class has one accessor per key, named after it. */
    @Test
    void theAwsKeysAreExactlyTheProvidersConfigKeys() {
        Set<String> published = Arrays.stream(com.pulumi.aws.Config.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 0 && m.getReturnType() == Optional.class)
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(published, new TreeSet<>(ForeignConfigKeys.AWS));
    }
}
