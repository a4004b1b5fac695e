package dev.paved.provisioning.deployments.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentPlan;
import dev.paved.api.provisioning.v1.DeploymentRecord;
import dev.paved.api.provisioning.v1.GuardrailOutcome;
import dev.paved.api.provisioning.v1.ObjectChange;
import dev.paved.api.provisioning.v1.ObjectDiff;
import dev.paved.api.provisioning.v1.ResolvedImage;
import dev.paved.api.provisioning.v1.Revision;
import dev.paved.api.provisioning.v1.Rollout;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.api.provisioning.v1.WorkloadState;
import dev.paved.provisioning.api.ProtoMapper;
import dev.paved.provisioning.deployments.domain.DeployResult;
import dev.paved.provisioning.deployments.domain.GuardrailDecision;

/** Deployments' domain records as the gRPC contract writes them; empty fields stay unset. */
@ApplicationScoped
public class DeploymentMapper {

    private final ProtoMapper operations;

    public DeploymentMapper(ProtoMapper operations) {
        this.operations = operations;
    }

    public DeployResponse deployResponse(DeployResult result) {
        DeployResponse.Builder response = DeployResponse.newBuilder()
                .setOperation(operations.operation(result.operation()));
        if (result.revision() != null) {
            response.setRevision(revision(result.revision()));
        }
        if (result.plan() != null) {
            DeploymentPlan.Builder plan = DeploymentPlan.newBuilder().addAllManifests(result.plan().manifests());
            for (GuardrailDecision decision : result.plan().guardrails()) {
                dev.paved.api.provisioning.v1.GuardrailDecision.Builder message =
                        dev.paved.api.provisioning.v1.GuardrailDecision.newBuilder()
                                .setGuardrail(decision.guardrail())
                                .setOutcome(decision.passed() ? GuardrailOutcome.GUARDRAIL_OUTCOME_PASSED
                                        : GuardrailOutcome.GUARDRAIL_OUTCOME_DENIED);
                if (decision.detail() != null) {
                    message.setDetail(decision.detail());
                }
                if (decision.pointer() != null) {
                    message.setPointer(decision.pointer());
                }
                plan.addGuardrails(message);
            }
            for (DeployResult.ObjectChange change : result.plan().diff()) {
                plan.addDiff(ObjectDiff.newBuilder().setObject(ProtoMapper.ref(change.object()))
                        .setChange(ObjectChange.valueOf("OBJECT_CHANGE_" + change.change().name()))
                        .addAllChangedFields(change.changedFields()));
            }
            response.setPlan(plan);
        }
        return response.build();
    }

    public Workload workload(dev.paved.provisioning.deployments.domain.Workload workload) {
        Workload.Builder message = Workload.newBuilder()
                .setName(workload.name())
                .setEnvironment(workload.environment())
                .setNamespace(workload.namespace())
                .setTeam(workload.team())
                .setApplication(workload.application())
                .setStage(workload.stage())
                .setComponent(workload.component())
                .setKind(workload.kind())
                .setGoldenPath(workload.goldenPath())
                .setGoldenPathVersion(workload.goldenPathVersion())
                .setCurrentRevision(workload.currentRevision())
                .setState(WorkloadState.valueOf("WORKLOAD_STATE_" + workload.state().name()))
                .setCreatedAt(ProtoMapper.timestamp(workload.createdAt()))
                .setUpdatedAt(ProtoMapper.timestamp(workload.updatedAt()));
        if (workload.rollout() != null) {
            message.setRollout(rollout(workload.rollout()));
        }
        return message.build();
    }

    public Revision revision(dev.paved.provisioning.deployments.domain.Revision revision) {
        Revision.Builder message = Revision.newBuilder()
                .setNumber(revision.number())
                .setWorkload(revision.workload())
                .setEnvironment(revision.environment())
                .setTeam(revision.team())
                .setApplication(revision.application())
                .setStage(revision.stage())
                .setSpecJson(revision.specJson())
                .setGoldenPath(revision.goldenPath())
                .setGoldenPathVersion(revision.goldenPathVersion())
                .setManifestsDigest(revision.manifestsDigest())
                .setCreatedBy(revision.createdBy())
                .setRollout(rollout(revision.rollout()))
                .addAllManifests(revision.manifests());
        revision.images().forEach(image -> message.addImages(ResolvedImage.newBuilder()
                .setContainer(image.container()).setReference(image.reference())
                .setDigest(image.digest() == null ? "" : image.digest())));
        setIfPresent(revision.createdAt(), message::setCreatedAt);
        setIfPresent(revision.commitTime(), message::setCommitTime);
        if (revision.version() != null) {
            message.setVersion(revision.version());
        }
        if (revision.commitSha() != null) {
            message.setCommitSha(revision.commitSha());
        }
        if (revision.operationId() != null) {
            message.setOperationId(revision.operationId().toString());
        }
        if (revision.rolledBackTo() != null) {
            message.setRolledBackTo(revision.rolledBackTo());
        }
        if (revision.promotedFrom() != null) {
            message.setPromotedFrom(revision.promotedFrom());
        }
        return message.build();
    }

    public DeploymentRecord deploymentRecord(dev.paved.provisioning.deployments.domain.DeploymentRecord record) {
        DeploymentRecord.Builder message = DeploymentRecord.newBuilder()
                .setEnvironment(record.environment())
                .setStage(record.stage())
                .setApplication(record.application())
                .setWorkload(record.workload())
                .setRevision(record.revision())
                .setCreatedAt(ProtoMapper.timestamp(record.createdAt()))
                .setRolloutState(RolloutState.valueOf("ROLLOUT_STATE_" + record.rolloutState().name()));
        setIfPresent(record.commitTime(), message::setCommitTime);
        setIfPresent(record.rolloutEndedAt(), message::setRolloutEndedAt);
        if (record.rolledBackTo() != null) {
            message.setRolledBackTo(record.rolledBackTo());
        }
        if (record.rolledBackBy() != null) {
            message.setRolledBackBy(record.rolledBackBy());
        }
        return message.build();
    }

    private static Rollout rollout(dev.paved.provisioning.deployments.domain.Rollout rollout) {
        Rollout.Builder message = Rollout.newBuilder()
                .setState(RolloutState.valueOf("ROLLOUT_STATE_" + rollout.state().name()))
                .setDesiredReplicas(rollout.desiredReplicas())
                .setUpdatedReplicas(rollout.updatedReplicas())
                .setReadyReplicas(rollout.readyReplicas())
                .setAvailableReplicas(rollout.availableReplicas());
        if (rollout.message() != null) {
            message.setMessage(rollout.message());
        }
        setIfPresent(rollout.updatedAt(), message::setUpdatedAt);
        return message.build();
    }

    private static void setIfPresent(Instant instant, java.util.function.Consumer<Timestamp> setter) {
        if (instant != null) {
            setter.accept(ProtoMapper.timestamp(instant));
        }
    }
}
