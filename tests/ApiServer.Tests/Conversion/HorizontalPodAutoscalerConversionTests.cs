using System.Text.Json.Nodes;
using Cluster.ApiServer.Http;
using Cluster.TestKit;
using static Cluster.ApiServer.Conversion.HorizontalPodAutoscalerConversion;

namespace Cluster.ApiServer.Tests.Conversion;

public sealed class HorizontalPodAutoscalerConversionTests
{
    private static JsonObject Corpus() =>
        YamlBody.ParseObject(File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, "application", "hpa", "php-apache.yaml")));

    [Fact]
    public void Corpus_v1_example_becomes_a_v2_cpu_utilization_metric()
    {
        JsonAssert.Equal("""
            {
              "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
              "metadata": {"name": "php-apache"},
              "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "php-apache"},
                "minReplicas": 1, "maxReplicas": 10,
                "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]
              }
            }
            """, ToV2(Corpus()));
    }

    [Fact]
    public void Corpus_v1_example_round_trips_through_v2_unchanged()
    {
        var v1 = Corpus();
        JsonAssert.Equal(v1, ToV1(ToV2(v1)));
    }

    [Fact]
    public void Rich_v2_object_serves_as_v1_with_upstream_annotations()
    {
        var v1 = ToV1(HpaFixtures.RichV2());

        Assert.Equal("autoscaling/v1", (string?)v1["apiVersion"]);
        JsonAssert.Equal("""
            {
              "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
              "minReplicas": 2, "maxReplicas": 20, "targetCPUUtilizationPercentage": 50
            }
            """, v1["spec"]);
        JsonAssert.Equal("""
            {"observedGeneration": 3, "lastScaleTime": "2024-05-01T10:00:00Z", "currentReplicas": 4, "desiredReplicas": 5,
             "currentCPUUtilizationPercentage": 62}
            """, v1["status"]);
        var annotations = v1["metadata"]!["annotations"]!.AsObject();
        Assert.Equal("blue", (string?)annotations["team"]);
        Assert.Equal(HpaFixtures.RichMetricsAnnotation, (string?)annotations[MetricsAnnotation]);
        Assert.Equal(HpaFixtures.RichBehaviorAnnotation, (string?)annotations[BehaviorAnnotation]);
        Assert.Equal(HpaFixtures.RichCurrentMetricsAnnotation, (string?)annotations[CurrentMetricsAnnotation]);
        Assert.Equal(HpaFixtures.RichConditionsAnnotation, (string?)annotations[ConditionsAnnotation]);
        Assert.Equal(5, annotations.Count);
    }

    [Fact]
    public void Rich_v2_object_round_trips_through_v1_unchanged()
    {
        var v2 = HpaFixtures.RichV2();
        var back = ToV2(ToV1(v2));
        JsonAssert.Equal(v2, back);
        Assert.Equal(["team"], back["metadata"]!["annotations"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Rich_v1_object_as_served_round_trips_through_v2_unchanged()
    {
        var v1 = ToV1(HpaFixtures.RichV2());
        JsonAssert.Equal(v1, ToV1(ToV2(v1)));
    }

    [Fact]
    public void Conversions_do_not_modify_their_input_nor_share_nodes_with_it()
    {
        var v2 = HpaFixtures.RichV2();
        var before = v2.ToJsonString();
        var v1 = ToV1(v2);
        var v1Before = v1.ToJsonString();
        var again = ToV2(v1);
        again["metadata"]!["labels"]!["app"] = "changed";
        again["spec"]!["metrics"]![1]!["pods"]!["metric"]!["selector"]!["matchLabels"]!["tier"] = "changed";
        v1["metadata"]!["labels"]!["app"] = "changed too";

        Assert.Equal(before, v2.ToJsonString());
        Assert.NotEqual(v1Before, v1.ToJsonString());
        Assert.Equal("web", (string?)v2["metadata"]!["labels"]!["app"]);
    }

    [Fact]
    public void V1_without_any_metric_gets_the_default_cpu_target()
    {
        var v2 = ToV2(JsonNode.Parse("""{"spec": {"maxReplicas": 3}}""")!.AsObject());
        JsonAssert.Equal("""[{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]""",
            v2["spec"]!["metrics"]);
    }

    [Fact]
    public void V1_cpu_target_follows_the_metrics_from_the_annotation()
    {
        var v1 = JsonNode.Parse("""
            {"metadata": {"annotations": {"autoscaling.alpha.kubernetes.io/metrics": "[{\"type\":\"Pods\",\"pods\":{\"metricName\":\"qps\",\"targetAverageValue\":\"10\"}}]"}},
             "spec": {"maxReplicas": 3, "targetCPUUtilizationPercentage": 70}}
            """)!.AsObject();
        var v2 = ToV2(v1);
        JsonAssert.Equal("""
            [{"type": "Pods", "pods": {"metric": {"name": "qps"}, "target": {"type": "AverageValue", "averageValue": "10"}}},
             {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]
            """, v2["spec"]!["metrics"]);
        Assert.Null(v2["metadata"]!["annotations"]);
    }

    [Fact]
    public void A_cpu_utilization_metric_listed_first_moves_last_through_v1_as_upstream_does()
    {
        var v2 = JsonNode.Parse("""
            {"spec": {"maxReplicas": 3, "metrics": [
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}},
              {"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}
            """)!.AsObject();
        var metrics = ToV2(ToV1(v2))["spec"]!["metrics"]!.AsArray();
        Assert.Equal(["memory", "cpu"], metrics.Select(m => (string?)m!["resource"]!["name"]));
    }

    [Fact]
    public void Only_the_first_cpu_utilization_target_is_served_and_none_is_kept_in_the_annotation()
    {
        var v2 = JsonNode.Parse("""
            {"spec": {"metrics": [
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 40}}},
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 90}}}]}}
            """)!.AsObject();
        var v1 = ToV1(v2);
        Assert.Equal(40, (int?)v1["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.Null(v1["metadata"]);
    }

    [Fact]
    public void The_last_cpu_utilization_in_status_is_served_as_current_percentage()
    {
        var v2 = JsonNode.Parse("""
            {"status": {"desiredReplicas": 1, "currentMetrics": [
              {"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 10}}},
              {"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "1"}}},
              {"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 30}}}]}}
            """)!.AsObject();
        Assert.Equal(30, (int?)ToV1(v2)["status"]!["currentCPUUtilizationPercentage"]);
    }

    [Fact]
    public void V1_current_percentage_becomes_a_cpu_status_metric_unless_the_annotation_has_more()
    {
        var plain = JsonNode.Parse("""{"status": {"currentReplicas": 2, "desiredReplicas": 2, "currentCPUUtilizationPercentage": 33}}""")!.AsObject();
        JsonAssert.Equal("""[{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 33}}}]""",
            ToV2(plain)["status"]!["currentMetrics"]);

        plain["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [CurrentMetricsAnnotation] = "[]" } };
        Assert.Null(ToV2(plain)["status"]!["currentMetrics"]);
    }

    [Fact]
    public void Stale_round_trip_annotations_on_v2_are_replaced_when_serving_v1()
    {
        var v2 = JsonNode.Parse("""
            {"metadata": {"annotations": {"autoscaling.alpha.kubernetes.io/behavior": "stale", "autoscaling.alpha.kubernetes.io/conditions": "stale"}},
             "spec": {"metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}}
            """)!.AsObject();
        var v1 = ToV1(v2);
        Assert.Null(v1["metadata"]!["annotations"]);
        JsonAssert.Equal("{}", DropRoundTripAnnotations(v2)["metadata"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"Pods\"}")]
    [InlineData("[1, \"x\"")]
    public void An_unusable_metrics_annotation_is_ignored_and_dropped(string annotation)
    {
        var v1 = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [MetricsAnnotation] = annotation, ["keep"] = "me" } },
            ["spec"] = new JsonObject { ["targetCPUUtilizationPercentage"] = 65 },
        };
        var v2 = ToV2(v1);
        JsonAssert.Equal("""[{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 65}}}]""",
            v2["spec"]!["metrics"]);
        JsonAssert.Equal("""{"keep": "me"}""", v2["metadata"]!["annotations"]);
    }

    [Theory]
    [InlineData("""{"scaleUp":{"stabilizationWindowSeconds":30}}""", """{"scaleUp": {"stabilizationWindowSeconds": 30}}""")]
    [InlineData("""{"SCALEDOWN":{"selectpolicy":"Disabled","Policies":null}}""", """{"scaleDown": {"selectPolicy": "Disabled"}}""")]
    [InlineData("""{"ScaleUp":{},"ScaleDown":null}""", """{"scaleUp": {}}""")]
    [InlineData("""{"ScaleUp":{"Policies":[{"Type":"Pods","Value":2,"PeriodSeconds":60}]}}""",
        """{"scaleUp": {"policies": [{"type": "Pods", "value": 2, "periodSeconds": 60}]}}""")]
    [InlineData("""{}""", null)]
    [InlineData("""{"ScaleUp":null}""", null)]
    [InlineData("""null""", null)]
    [InlineData("""oops""", null)]
    public void Behavior_annotation_is_read_like_Go_decodes_it(string annotation, string? expected)
    {
        var v1 = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [BehaviorAnnotation] = annotation } } };
        var behavior = ToV2(v1)["spec"]!["behavior"];
        if (expected is null) Assert.Null(behavior);
        else JsonAssert.Equal(expected, behavior);
    }

    [Fact]
    public void Behavior_with_unset_parts_is_written_with_Go_nulls()
    {
        var v2 = JsonNode.Parse("""{"spec": {"behavior": {"scaleDown": {"policies": []}}}}""")!.AsObject();
        Assert.Equal("""{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":null,"Policies":[]}}""",
            (string?)ToV1(v2)["metadata"]!["annotations"]![BehaviorAnnotation]);
    }

    [Theory]
    [InlineData("""{"averageValue": "5"}""", """{"type": "AverageValue", "averageValue": "5"}""")]
    [InlineData("""{"targetValue": "5"}""", """{"type": "Value", "value": "5"}""")]
    [InlineData("""{"targetValue": "0", "averageValue": "5"}""", """{"type": "AverageValue", "value": "0", "averageValue": "5"}""")]
    public void V1_object_metric_target_type_follows_which_values_are_set(string fields, string expectedTarget)
    {
        var source = JsonNode.Parse(fields)!.AsObject();
        source["target"] = JsonNode.Parse(HpaFixtures.Ingress);
        source["metricName"] = "hits";
        var annotation = new JsonArray(new JsonObject { ["type"] = "Object", ["object"] = source }).ToJsonString();
        var v1 = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [MetricsAnnotation] = annotation } } };
        var metric = ToV2(v1)["spec"]!["metrics"]![0]!;
        JsonAssert.Equal(expectedTarget, metric["object"]!["target"]);
        JsonAssert.Equal(HpaFixtures.Ingress, metric["object"]!["describedObject"]);
        JsonAssert.Equal("""{"name": "hits"}""", metric["object"]!["metric"]);
    }

    [Theory]
    [InlineData("\"50\"")]
    [InlineData("50.0")]
    [InlineData("5e1")]
    [InlineData("4294967296")]
    [InlineData("true")]
    [InlineData("{}")]
    public void A_cpu_target_of_the_wrong_type_reads_as_absent(string value)
    {
        var v1 = JsonNode.Parse($$$"""{"spec": {"maxReplicas": 3, "targetCPUUtilizationPercentage": {{{value}}}}}""")!.AsObject();
        Assert.Equal(DefaultCpuUtilization, (int?)ToV2(v1)["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]);
    }

    [Fact]
    public void Wrongly_typed_fields_are_left_out()
    {
        var v2 = JsonNode.Parse("""
            {"metadata": 7, "spec": {"scaleTargetRef": "web", "minReplicas": "1", "maxReplicas": 3,
              "metrics": [5, null, {"type": "Resource", "resource": {"name": "cpu", "target": {"averageUtilization": "50"}}}],
              "behavior": []},
             "status": {"currentMetrics": {}, "conditions": [{"type": 1, "status": "True"}], "desiredReplicas": -1}}
            """)!.AsObject();
        JsonAssert.Equal("""
            {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
             "metadata": {"annotations": {
               "autoscaling.alpha.kubernetes.io/metrics": "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\"}}]",
               "autoscaling.alpha.kubernetes.io/conditions": "[{\"status\":\"True\"}]"}},
             "spec": {"maxReplicas": 3},
             "status": {"desiredReplicas": -1}}
            """, ToV1(v2));
    }

    [Fact]
    public void Annotation_strings_are_escaped_as_Go_writes_them()
    {
        var v2 = JsonNode.Parse("""
            {"status": {"conditions": [{"type": "ScalingActive", "status": "False", "message": "a < b & c > d\n\"q\" \u2028 é"}]}}
            """)!.AsObject();
        Assert.Equal("""[{"type":"ScalingActive","status":"False","message":"a \u003c b \u0026 c \u003e d\n\"q\" \u2028 é"}]""",
            (string?)ToV1(v2)["metadata"]!["annotations"]![ConditionsAnnotation]);
    }
}
