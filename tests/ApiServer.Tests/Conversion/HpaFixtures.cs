using System.Text.Json.Nodes;

namespace Cluster.ApiServer.Tests.Conversion;

/// <summary>Rich HorizontalPodAutoscalers: every metric source kind, behavior, status metrics and conditions.</summary>
internal static class HpaFixtures
{
    public const string Ingress = """{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"}""";

    /// <summary>An autoscaling/v2 HPA whose cpu utilization target is its last metric.</summary>
    public static JsonObject RichV2() => JsonNode.Parse($$$$"""
        {
          "apiVersion": "autoscaling/v2",
          "kind": "HorizontalPodAutoscaler",
          "metadata": {
            "name": "web", "namespace": "prod", "uid": "4a1e6f5e-1d2c-4c57-9a43-2f5b1f6c1f00",
            "resourceVersion": "42", "generation": 3, "creationTimestamp": "2024-05-01T09:00:00Z",
            "labels": {"app": "web"}, "annotations": {"team": "blue"}
          },
          "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
            "minReplicas": 2,
            "maxReplicas": 20,
            "metrics": [
              {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}},
              {"type": "Pods", "pods": {"metric": {"name": "packets-per-second", "selector": {"matchLabels": {"tier": "edge"}}}, "target": {"type": "AverageValue", "averageValue": "1k"}}},
              {"type": "Object", "object": {"describedObject": {{{{Ingress}}}}, "metric": {"name": "requests-per-second"}, "target": {"type": "Value", "value": "10k"}}},
              {"type": "Object", "object": {"describedObject": {{{{Ingress}}}}, "metric": {"name": "rps-average"}, "target": {"type": "AverageValue", "averageValue": "100"}}},
              {"type": "External", "external": {"metric": {"name": "queue_messages_ready", "selector": {"matchLabels": {"queue": "worker_tasks"}}}, "target": {"type": "AverageValue", "averageValue": "30"}}},
              {"type": "External", "external": {"metric": {"name": "backlog"}, "target": {"type": "Value", "value": "300"}}},
              {"type": "ContainerResource", "containerResource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}, "container": "app"}},
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "AverageValue", "averageValue": "750m"}}},
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}
            ],
            "behavior": {
              "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}, {"type": "Percent", "value": 100, "periodSeconds": 15}]},
              "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Min", "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]}
            }
          },
          "status": {
            "observedGeneration": 3,
            "lastScaleTime": "2024-05-01T10:00:00Z",
            "currentReplicas": 4,
            "desiredReplicas": 5,
            "currentMetrics": [
              {"type": "Resource", "resource": {"name": "memory", "current": {"averageValue": "400Mi"}}},
              {"type": "Pods", "pods": {"metric": {"name": "packets-per-second"}, "current": {"averageValue": "900"}}},
              {"type": "Object", "object": {"metric": {"name": "requests-per-second"}, "current": {"value": "9k"}, "describedObject": {{{{Ingress}}}}}},
              {"type": "External", "external": {"metric": {"name": "queue_messages_ready", "selector": {"matchLabels": {"queue": "worker_tasks"}}}, "current": {"averageValue": "25"}}},
              {"type": "ContainerResource", "containerResource": {"name": "cpu", "current": {"averageValue": "120m", "averageUtilization": 55}, "container": "app"}},
              {"type": "Resource", "resource": {"name": "cpu", "current": {"averageValue": "250m", "averageUtilization": 62}}}
            ],
            "conditions": [
              {"type": "AbleToScale", "status": "True", "lastTransitionTime": "2024-05-01T09:01:00Z", "reason": "ReadyForNewScale", "message": "recommended size matches current size"},
              {"type": "ScalingActive", "status": "True", "lastTransitionTime": "2024-05-01T09:01:00Z", "reason": "ValidMetricFound", "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
              {"type": "ScalingLimited", "status": "False", "lastTransitionTime": "2024-05-01T09:01:00Z", "reason": "DesiredWithinRange", "message": "the desired count is within the acceptable range"}
            ]
          }
        }
        """)!.AsObject();

    /// <summary>The metrics annotation of <see cref="RichV2"/> served as v1, as upstream writes it.</summary>
    public const string RichMetricsAnnotation =
        """[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},"""
        + """{"type":"Pods","pods":{"metricName":"packets-per-second","targetAverageValue":"1k","selector":{"matchLabels":{"tier":"edge"}}}},"""
        + """{"type":"Object","object":{"target":{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"},"metricName":"requests-per-second","targetValue":"10k"}},"""
        + """{"type":"Object","object":{"target":{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"},"metricName":"rps-average","averageValue":"100"}},"""
        + """{"type":"External","external":{"metricName":"queue_messages_ready","metricSelector":{"matchLabels":{"queue":"worker_tasks"}},"targetAverageValue":"30"}},"""
        + """{"type":"External","external":{"metricName":"backlog","targetValue":"300"}},"""
        + """{"type":"ContainerResource","containerResource":{"name":"cpu","targetAverageUtilization":60,"container":"app"}},"""
        + """{"type":"Resource","resource":{"name":"cpu","targetAverageValue":"750m"}}]""";

    public const string RichCurrentMetricsAnnotation =
        """[{"type":"Resource","resource":{"name":"memory","currentAverageValue":"400Mi"}},"""
        + """{"type":"Pods","pods":{"metricName":"packets-per-second","currentAverageValue":"900"}},"""
        + """{"type":"Object","object":{"target":{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"},"metricName":"requests-per-second","currentValue":"9k"}},"""
        + """{"type":"External","external":{"metricName":"queue_messages_ready","metricSelector":{"matchLabels":{"queue":"worker_tasks"}},"currentAverageValue":"25"}},"""
        + """{"type":"ContainerResource","containerResource":{"name":"cpu","currentAverageUtilization":55,"currentAverageValue":"120m","container":"app"}},"""
        + """{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":62,"currentAverageValue":"250m"}}]""";

    public const string RichBehaviorAnnotation =
        """{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Min","Policies":[{"Type":"Percent","Value":10,"PeriodSeconds":60}]}}""";

    public const string RichConditionsAnnotation =
        """[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-01T09:01:00Z","reason":"ReadyForNewScale","message":"recommended size matches current size"},"""
        + """{"type":"ScalingActive","status":"True","lastTransitionTime":"2024-05-01T09:01:00Z","reason":"ValidMetricFound","message":"the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},"""
        + """{"type":"ScalingLimited","status":"False","lastTransitionTime":"2024-05-01T09:01:00Z","reason":"DesiredWithinRange","message":"the desired count is within the acceptable range"}]""";
}
