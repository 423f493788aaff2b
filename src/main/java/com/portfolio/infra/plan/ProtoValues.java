package com.portfolio.infra.plan;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the engine's wire form of resource properties into plain values for the plan, keeping
 * what the plan must show: secrets as {@code "<secret>"}, values unknown until deployment as
 * {@code "<computed>"}, references to other resources as their URN.
 * The special markers are those of Pulumi's property serialization protocol.
 */
final class ProtoValues {

    private static final String SIGNATURE_KEY = EngineMarkers.SIGNATURE_KEY;
    private static final String SECRET_SIG = EngineMarkers.SECRET_SIG;
    private static final String RESOURCE_SIG = EngineMarkers.RESOURCE_SIG;
    private static final String OUTPUT_SIG = EngineMarkers.OUTPUT_SIG;
    private static final String ASSET_SIG = EngineMarkers.ASSET_SIG;
    private static final String ARCHIVE_SIG = EngineMarkers.ARCHIVE_SIG;
    private static final String UNKNOWN = EngineMarkers.UNKNOWN;

    private ProtoValues() {
    }

    /** The properties of a struct, sorted by name so the plan's output is stable. */
    static Map<String, Object> toMap(Struct struct) {
        var map = new TreeMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> {
            Object plain = toPlain(value);
            if (plain != null) {
                map.put(key, plain);
            }
        });
        return Collections.unmodifiableMap(map);
    }

    static Object toPlain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> UNKNOWN.equals(value.getStringValue()) ? PlannedResource.COMPUTED : value.getStringValue();
            case LIST_VALUE -> toList(value.getListValue());
            case STRUCT_VALUE -> fromStruct(value.getStructValue());
        };
    }

    private static List<Object> toList(ListValue list) {
        var result = new ArrayList<Object>(list.getValuesCount());
        for (Value element : list.getValuesList()) {
            result.add(toPlain(element));
        }
        return Collections.unmodifiableList(result);
    }

    private static Object fromStruct(Struct struct) {
        Value signature = struct.getFieldsMap().get(SIGNATURE_KEY);
        if (signature == null) {
            return toMap(struct);
        }
        Map<String, Value> fields = struct.getFieldsMap();
        return switch (signature.getStringValue()) {
            case SECRET_SIG -> PlannedResource.SECRET;
            case RESOURCE_SIG -> fields.containsKey("urn") ? fields.get("urn").getStringValue() : PlannedResource.COMPUTED;
            case OUTPUT_SIG -> outputValue(fields);
            case ASSET_SIG, ARCHIVE_SIG -> describeAsset(fields);
            default -> toMap(struct);
        };
    }

    private static Object outputValue(Map<String, Value> fields) {
        if (fields.containsKey("secret") && fields.get("secret").getBoolValue()) {
            return PlannedResource.SECRET;
        }
        return fields.containsKey("value") ? toPlain(fields.get("value")) : PlannedResource.COMPUTED;
    }

    private static Object describeAsset(Map<String, Value> fields) {
        var description = new LinkedHashMap<String, Object>();
        for (String key : List.of("path", "uri", "hash")) {
            if (fields.containsKey(key)) {
                description.put(key, fields.get(key).getStringValue());
            }
        }
        return Collections.unmodifiableMap(description);
    }
}
