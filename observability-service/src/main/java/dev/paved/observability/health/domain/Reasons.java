package dev.paved.observability.health.domain;

/**
 * The reason codes the health rules give. Where a container waits for a reason that names a failure,
 * the container runtime's own code is given instead ({@code CrashLoopBackOff}, {@code ImagePullBackOff},
 * {@code ErrImagePull}, {@code CreateContainerConfigError}, {@code CreateContainerError}, ...).
 */
public final class Reasons {

    public static final String MISSING = "Missing";
    public static final String NOT_OBSERVED = "NotObserved";
    public static final String TERMINATING = "Terminating";
    public static final String PAUSED = "Paused";
    public static final String SCALED_TO_ZERO = "ScaledToZero";
    public static final String SUSPENDED = "Suspended";
    public static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    public static final String REPLICA_FAILURE = "ReplicaFailure";
    public static final String JOB_FAILED = "JobFailed";
    public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    public static final String ERR_IMAGE_PULL = "ErrImagePull";
    public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    public static final String OOM_KILLED = "OOMKilled";
    public static final String UNSCHEDULABLE = "Unschedulable";
    public static final String READINESS_FAILING = "ReadinessFailing";
    public static final String POD_STATUS_UNKNOWN = "PodStatusUnknown";

    private Reasons() {
    }
}
