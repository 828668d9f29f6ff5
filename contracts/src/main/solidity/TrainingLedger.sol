// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Staking} from "./Staking.sol";
import {IDisputeWindow} from "./IDisputeWindow.sol";

/// @title Jobs, their escrow, and the chain of training segments.
/// @notice A job is created by the timelock (so only by an executed governance proposal), which
/// escrows the whole budget. Segments are trained in order: segment i starts from the committed
/// end state of segment i-1 (or the job's genesis state), so exactly one segment per job, the
/// next one, can be claimed and committed at a time. A commitment stores one hash on chain,
/// keccak256(abi.encode(startStateHash, stepRoot, endStateHash)); the three values are in the
/// SegmentCommitted event and in the calldata of any dispute. A segment becomes final once its
/// challenge window has passed with no open dispute and the segment before it is final; its
/// worker then claims the reward from escrow. A proven fraud in segment i voids segments i and
/// later (none of them final), rolls the job back to segment i, and leaves compensation for the
/// workers of the voided later segments, paid from the cheater's slashed stake.
contract TrainingLedger is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint8 public constant STATUS_NONE = 0;
    uint8 public constant STATUS_CLAIMED = 1;
    uint8 public constant STATUS_COMMITTED = 2;
    uint8 public constant STATUS_FINALIZED = 3;
    uint8 public constant STATUS_REWARDED = 4;
    uint8 public constant STATUS_FRAUD = 5;
    uint8 public constant STATUS_COMPENSATED = 6;

    uint256 public constant MAX_SEGMENT_LENGTH = 1_000_000;
    uint256 public constant MIN_CHALLENGE_WINDOW = 60;
    uint256 public constant MAX_CHALLENGE_WINDOW = 30 days;
    uint256 public constant MIN_LEASE_DURATION = 60;
    uint256 public constant MAX_LEASE_DURATION = 30 days;
    /// @notice Bounds on the job metadata that only the JobMetadata event carries.
    uint256 public constant MAX_MODEL_SPEC_BYTES = 1024;
    uint256 public constant MAX_DATASET_LOCATIONS = 8;
    uint256 public constant MAX_LOCATION_BYTES = 256;

    /// @dev Domain of the model spec hash (docs/state.md §2.1).
    bytes private constant MODEL_SPEC_DOMAIN = "polyculture.model-spec";

    struct JobSpec {
        bytes32 modelSpecHash;
        bytes32 datasetRoot;
        bytes32 genesisStateHash;
        uint64 totalSteps;
        uint32 segmentLength;
        uint128 rewardPerSegment;
        uint128 minWorkerStake;
        uint32 challengeWindow;
        uint32 leaseDuration;
    }

    /// @dev One storage slot, read by every claim and commit.
    struct JobProgress {
        uint32 segmentLength;
        uint32 segmentCount;
        uint32 challengeWindow;
        uint32 leaseDuration;
        uint32 nextSegment;
        uint32 finalizedSegments;
        uint32 generation;
    }

    struct Job {
        bytes32 modelSpecHash;
        bytes32 datasetRoot;
        bytes32 genesisStateHash;
        bytes32 tipStateHash;
        uint128 rewardPerSegment;
        uint128 minWorkerStake;
        uint128 escrow;
        uint128 compensationHeld;
        JobProgress progress;
    }

    /// @dev One storage slot. `time` is the lease deadline while claimed and the commit time after.
    struct Segment {
        address worker;
        uint40 time;
        uint8 status;
        uint8 openDisputes;
        uint32 generation;
    }

    /// @dev Segments [fromSegment, toSegment) were voided; fromSegment was the fraud.
    struct VoidedRange {
        uint32 fromSegment;
        uint32 toSegment;
        uint128 perSegment;
    }

    IERC20 public immutable token;
    Staking public immutable staking;
    address public disputes;
    uint256 public jobCount;

    mapping(uint256 jobId => Job) private _jobs;
    mapping(uint256 jobId => mapping(uint256 segment => Segment)) private _segments;
    mapping(uint256 jobId => mapping(uint256 segment => bytes32)) private _commitments;
    /// @dev The void that ended each generation of a job, when it voided later segments.
    mapping(uint256 jobId => mapping(uint256 generation => VoidedRange)) private _voids;

    event JobCreated(
        uint256 indexed jobId,
        bytes32 modelSpecHash,
        bytes32 datasetRoot,
        bytes32 genesisStateHash,
        uint64 totalSteps,
        uint32 segmentLength,
        uint128 rewardPerSegment,
        uint128 minWorkerStake,
        uint32 challengeWindow,
        uint32 leaseDuration,
        uint256 escrow
    );
    /// @notice Emitted right after JobCreated, in the same transaction: what a worker needs to
    /// rebuild the job's genesis state and find its dataset from chain data alone. One event would
    /// exceed the legacy code generator's stack; the two always come together.
    /// @param modelSpec u32le(numerics spec version) ‖ canonical model config (docs/state.md §2.1);
    /// sha256("polyculture.model-spec" ‖ modelSpec) is the job's modelSpecHash, checked here.
    /// @param datasetManifestHash the manifest hash (docs/protocol.md) that pins the dataset's holdout.
    /// @param datasetLocations base URLs serving the dataset's manifest and shards by content hash.
    event JobMetadata(
        uint256 indexed jobId, bytes modelSpec, uint64 jobSeed, bytes32 datasetManifestHash, string[] datasetLocations
    );
    event SegmentClaimed(uint256 indexed jobId, uint256 indexed segment, address indexed worker, uint64 leaseDeadline);
    event SegmentCommitted(
        uint256 indexed jobId,
        uint256 indexed segment,
        address indexed worker,
        bytes32 startStateHash,
        bytes32 stepRoot,
        bytes32 endStateHash
    );
    event SegmentFinalized(uint256 indexed jobId, uint256 indexed segment);
    event RewardPaid(uint256 indexed jobId, uint256 indexed segment, address indexed worker, uint256 amount);
    event SegmentsVoided(uint256 indexed jobId, uint256 fromSegment, uint256 toSegment, uint256 perSegmentCompensation);
    event CompensationPaid(uint256 indexed jobId, uint256 indexed segment, address indexed worker, uint256 amount);
    event Connected(address disputes);

    error UnknownJob(uint256 jobId);
    error InvalidJobSpec(string reason);
    error SegmentOutOfRange(uint256 jobId, uint256 segment, uint256 segmentCount);
    error SegmentAlreadyCommitted(uint256 jobId, uint256 segment);
    error SegmentNotClaimable(uint256 jobId, uint256 segment, uint256 nextSegment);
    error SegmentAlreadyClaimed(uint256 jobId, uint256 segment, address worker, uint64 leaseDeadline);
    error NotLeaseHolder(uint256 jobId, uint256 segment, address caller);
    error LeaseExpired(uint256 jobId, uint256 segment, uint64 leaseDeadline);
    error StartStateMismatch(uint256 jobId, uint256 segment, bytes32 expected, bytes32 given);
    error EmptyCommitment();
    error SegmentNotCommitted(uint256 jobId, uint256 segment);
    error SegmentNotDisputable(uint256 jobId, uint256 segment, uint8 status);
    error DisputeOpen(uint256 jobId, uint256 segment);
    error ChallengeWindowOpen(uint256 jobId, uint256 segment, uint256 closesAt);
    error ChallengeWindowClosed(uint256 jobId, uint256 segment, uint256 closedAt);
    error PreviousSegmentNotFinal(uint256 jobId, uint256 segment, uint256 finalizedSegments);
    error SegmentNotFinal(uint256 jobId, uint256 segment);
    error RewardAlreadyClaimed(uint256 jobId, uint256 segment);
    error NotSegmentWorker(uint256 jobId, uint256 segment, address caller);
    error CommitmentMismatch(uint256 jobId, uint256 segment);
    error NotCompensable(uint256 jobId, uint256 segment);
    error TooManyDisputes(uint256 jobId, uint256 segment);
    error UnauthorizedCaller(address caller);
    error AlreadyConnected();
    error ZeroAddress();

    modifier onlyDisputes() {
        if (msg.sender != disputes) revert UnauthorizedCaller(msg.sender);
        _;
    }

    constructor(IERC20 rewardToken, Staking stakes, address initialOwner) Ownable(initialOwner) {
        if (address(rewardToken) == address(0) || address(stakes) == address(0)) revert ZeroAddress();
        token = rewardToken;
        staking = stakes;
    }

    /// @notice Wires the dispute manager, once, before ownership moves to the timelock.
    function connect(address disputesAddress) external onlyOwner {
        if (disputes != address(0)) revert AlreadyConnected();
        if (disputesAddress == address(0)) revert ZeroAddress();
        disputes = disputesAddress;
        emit Connected(disputesAddress);
    }

    // ---------------------------------------------------------------- jobs

    /// @notice Creates a job and escrows its budget (rewardPerSegment x segments) from the caller,
    /// which is the timelock: a job exists only when a governance proposal executes. The metadata
    /// (model spec, seed, dataset manifest hash and locations) is checked and emitted in
    /// JobMetadata, not stored: nothing on chain reads it again.
    function createJob(
        JobSpec calldata spec,
        bytes calldata modelSpec,
        uint64 jobSeed,
        bytes32 datasetManifestHash,
        string[] calldata datasetLocations
    ) external onlyOwner nonReentrant returns (uint256 jobId) {
        _checkMetadata(spec.modelSpecHash, modelSpec, datasetManifestHash, datasetLocations);
        jobId = _createJob(spec);
        emit JobMetadata(jobId, modelSpec, jobSeed, datasetManifestHash, datasetLocations);
    }

    // ---------------------------------------------------------------- segments

    /// @notice Takes a lease on the job's next segment. An expired lease frees the segment.
    function claim(uint256 jobId, uint256 segment) external nonReentrant {
        Job storage job = _existingJob(jobId);
        JobProgress memory progress = job.progress;
        if (segment >= progress.segmentCount) revert SegmentOutOfRange(jobId, segment, progress.segmentCount);
        if (segment < progress.nextSegment) revert SegmentAlreadyCommitted(jobId, segment);
        if (segment > progress.nextSegment) revert SegmentNotClaimable(jobId, segment, progress.nextSegment);

        Segment storage record = _segments[jobId][segment];
        if (
            record.status == STATUS_CLAIMED && record.generation == progress.generation
                && block.timestamp <= record.time
        ) {
            revert SegmentAlreadyClaimed(jobId, segment, record.worker, record.time);
        }
        if (record.status == STATUS_COMMITTED) {
            // A commitment voided by an earlier fraud: settle its worker's compensation first.
            if (record.openDisputes != 0) revert DisputeOpen(jobId, segment);
            _compensate(jobId, segment, record);
        }

        uint64 deadline = uint64(block.timestamp) + progress.leaseDuration;
        uint256 lockUntil =
            deadline + progress.challengeWindow + IDisputeWindow(disputes).maxDisputeDuration();
        staking.lockForClaim(msg.sender, job.minWorkerStake, uint64(lockUntil));
        _segments[jobId][segment] = Segment({
            worker: msg.sender,
            time: uint40(deadline),
            status: STATUS_CLAIMED,
            openDisputes: 0,
            generation: progress.generation
        });
        emit SegmentClaimed(jobId, segment, msg.sender, deadline);
    }

    /// @notice Commits a trained segment: its start state (which must be the job's current tip),
    /// the Merkle root over its per-step state hashes, and its end state.
    function commit(uint256 jobId, uint256 segment, bytes32 startStateHash, bytes32 stepRoot, bytes32 endStateHash)
        external
    {
        Job storage job = _existingJob(jobId);
        JobProgress storage progress = job.progress;
        uint256 next = progress.nextSegment;
        if (segment < next) revert SegmentAlreadyCommitted(jobId, segment);
        if (segment > next) revert SegmentNotClaimable(jobId, segment, next);

        Segment storage record = _segments[jobId][segment];
        if (
            record.worker != msg.sender || record.status != STATUS_CLAIMED
                || record.generation != progress.generation
        ) {
            revert NotLeaseHolder(jobId, segment, msg.sender);
        }
        if (block.timestamp > record.time) revert LeaseExpired(jobId, segment, record.time);
        bytes32 tip = job.tipStateHash;
        if (startStateHash != tip) revert StartStateMismatch(jobId, segment, tip, startStateHash);
        if (stepRoot == bytes32(0) || endStateHash == bytes32(0)) revert EmptyCommitment();

        record.time = uint40(block.timestamp);
        record.status = STATUS_COMMITTED;
        _commitments[jobId][segment] = keccak256(abi.encode(startStateHash, stepRoot, endStateHash));
        job.tipStateHash = endStateHash;
        progress.nextSegment = uint32(next + 1);
        emit SegmentCommitted(jobId, segment, msg.sender, startStateHash, stepRoot, endStateHash);
    }

    /// @notice Makes a committed segment final once its challenge window has passed with no
    /// open dispute and every earlier segment of the job is final.
    function finalize(uint256 jobId, uint256 segment) external {
        Job storage job = _existingJob(jobId);
        JobProgress storage progress = job.progress;
        Segment storage record = _segments[jobId][segment];
        if (segment >= progress.nextSegment || record.status != STATUS_COMMITTED) {
            revert SegmentNotCommitted(jobId, segment);
        }
        if (record.openDisputes != 0) revert DisputeOpen(jobId, segment);
        uint256 closesAt = uint256(record.time) + progress.challengeWindow;
        if (block.timestamp < closesAt) revert ChallengeWindowOpen(jobId, segment, closesAt);
        if (segment != progress.finalizedSegments) {
            revert PreviousSegmentNotFinal(jobId, segment, progress.finalizedSegments);
        }
        record.status = STATUS_FINALIZED;
        progress.finalizedSegments = uint32(segment + 1);
        emit SegmentFinalized(jobId, segment);
    }

    /// @notice Pays a final segment's reward from the job's escrow to its worker.
    function claimReward(uint256 jobId, uint256 segment) external nonReentrant {
        Job storage job = _existingJob(jobId);
        Segment storage record = _segments[jobId][segment];
        if (record.status == STATUS_REWARDED) revert RewardAlreadyClaimed(jobId, segment);
        if (record.status != STATUS_FINALIZED) revert SegmentNotFinal(jobId, segment);
        if (record.worker != msg.sender) revert NotSegmentWorker(jobId, segment, msg.sender);
        record.status = STATUS_REWARDED;
        uint256 amount = job.rewardPerSegment;
        job.escrow -= uint128(amount);
        token.safeTransfer(msg.sender, amount);
        emit RewardPaid(jobId, segment, msg.sender, amount);
    }

    /// @notice Pays the worker of a segment voided by a fraud earlier in the job its compensation.
    /// Anyone may call it; the payment goes to the segment's worker.
    function claimCompensation(uint256 jobId, uint256 segment) external nonReentrant {
        Job storage job = _existingJob(jobId);
        Segment storage record = _segments[jobId][segment];
        if (segment < job.progress.nextSegment || record.status != STATUS_COMMITTED) {
            revert NotCompensable(jobId, segment);
        }
        if (record.openDisputes != 0) revert DisputeOpen(jobId, segment);
        _compensate(jobId, segment, record);
    }

    // ---------------------------------------------------------------- dispute hooks

    /// @notice Opens a dispute on a committed segment still in its challenge window whose
    /// commitment hashes to `commitment`; returns its worker, first step and length.
    function beginDispute(uint256 jobId, uint256 segment, bytes32 commitment)
        external
        onlyDisputes
        returns (address worker, uint64 firstStep, uint32 segmentLength)
    {
        Job storage job = _existingJob(jobId);
        JobProgress memory progress = job.progress;
        Segment storage record = _segments[jobId][segment];
        if (segment >= progress.nextSegment) revert SegmentNotCommitted(jobId, segment);
        if (record.status != STATUS_COMMITTED) revert SegmentNotDisputable(jobId, segment, record.status);
        uint256 closesAt = uint256(record.time) + progress.challengeWindow;
        if (block.timestamp >= closesAt) revert ChallengeWindowClosed(jobId, segment, closesAt);
        if (_commitments[jobId][segment] != commitment) revert CommitmentMismatch(jobId, segment);
        if (record.openDisputes == type(uint8).max) revert TooManyDisputes(jobId, segment);
        record.openDisputes += 1;
        return (record.worker, uint64(segment) * progress.segmentLength, progress.segmentLength);
    }

    /// @notice Ends a dispute that did not prove the worker at fault.
    function endDispute(uint256 jobId, uint256 segment) external onlyDisputes {
        _segments[jobId][segment].openDisputes -= 1;
    }

    /// @notice Ends a dispute that proved the worker of `segment` at fault: voids it and every later
    /// committed segment, rolls the job back to it, and sets aside compensation for the workers of
    /// the voided later segments (at most their reward each) out of `budget`. Returns the amount set
    /// aside, which the dispute manager transfers here.
    function voidFrom(uint256 jobId, uint256 segment, bytes32 startStateHash, uint256 budget)
        external
        onlyDisputes
        returns (uint256 used)
    {
        Job storage job = _jobs[jobId];
        Segment storage record = _segments[jobId][segment];
        record.openDisputes -= 1;
        record.status = STATUS_FRAUD;
        JobProgress storage progress = job.progress;
        uint256 next = progress.nextSegment;
        if (segment >= next) {
            // Already voided by a fraud earlier in the job; only its compensation is forfeited.
            return 0;
        }
        uint256 voided = next - segment - 1;
        uint256 perSegment = 0;
        if (voided != 0) {
            perSegment = budget / voided;
            if (perSegment > job.rewardPerSegment) perSegment = job.rewardPerSegment;
        }
        used = perSegment * voided;
        if (voided != 0) {
            _voids[jobId][progress.generation] =
                VoidedRange({fromSegment: uint32(segment), toSegment: uint32(next), perSegment: uint128(perSegment)});
        }
        job.tipStateHash = startStateHash;
        job.compensationHeld += uint128(used);
        progress.nextSegment = uint32(segment);
        progress.generation += 1;
        emit SegmentsVoided(jobId, segment, next, perSegment);
    }

    // ---------------------------------------------------------------- views

    function jobOf(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    function segmentOf(uint256 jobId, uint256 segment) external view returns (Segment memory) {
        return _segments[jobId][segment];
    }

    function commitmentOf(uint256 jobId, uint256 segment) external view returns (bytes32) {
        return _commitments[jobId][segment];
    }

    /// @notice The later segments voided when generation `generation` of the job ended (zero if none).
    function voidedIn(uint256 jobId, uint256 generation) external view returns (VoidedRange memory) {
        return _voids[jobId][generation];
    }

    // ---------------------------------------------------------------- internals

    function _createJob(JobSpec calldata spec) private returns (uint256 jobId) {
        if (spec.genesisStateHash == bytes32(0)) revert InvalidJobSpec("genesisStateHash");
        if (spec.segmentLength == 0 || spec.segmentLength > MAX_SEGMENT_LENGTH) revert InvalidJobSpec("segmentLength");
        if (spec.totalSteps == 0 || spec.totalSteps % spec.segmentLength != 0) revert InvalidJobSpec("totalSteps");
        uint256 segmentCount = spec.totalSteps / spec.segmentLength;
        if (segmentCount > type(uint32).max) revert InvalidJobSpec("totalSteps");
        if (spec.rewardPerSegment == 0) revert InvalidJobSpec("rewardPerSegment");
        if (spec.minWorkerStake == 0) revert InvalidJobSpec("minWorkerStake");
        if (spec.challengeWindow < MIN_CHALLENGE_WINDOW || spec.challengeWindow > MAX_CHALLENGE_WINDOW) {
            revert InvalidJobSpec("challengeWindow");
        }
        if (spec.leaseDuration < MIN_LEASE_DURATION || spec.leaseDuration > MAX_LEASE_DURATION) {
            revert InvalidJobSpec("leaseDuration");
        }
        uint256 escrow = uint256(spec.rewardPerSegment) * segmentCount;
        if (escrow > type(uint128).max) revert InvalidJobSpec("rewardPerSegment");

        jobId = jobCount++;
        Job storage job = _jobs[jobId];
        job.modelSpecHash = spec.modelSpecHash;
        job.datasetRoot = spec.datasetRoot;
        job.genesisStateHash = spec.genesisStateHash;
        job.tipStateHash = spec.genesisStateHash;
        job.rewardPerSegment = spec.rewardPerSegment;
        job.minWorkerStake = spec.minWorkerStake;
        job.escrow = uint128(escrow);
        job.progress = JobProgress({
            segmentLength: spec.segmentLength,
            segmentCount: uint32(segmentCount),
            challengeWindow: spec.challengeWindow,
            leaseDuration: spec.leaseDuration,
            nextSegment: 0,
            finalizedSegments: 0,
            generation: 0
        });
        token.safeTransferFrom(msg.sender, address(this), escrow);
        emit JobCreated(
            jobId,
            spec.modelSpecHash,
            spec.datasetRoot,
            spec.genesisStateHash,
            spec.totalSteps,
            spec.segmentLength,
            spec.rewardPerSegment,
            spec.minWorkerStake,
            spec.challengeWindow,
            spec.leaseDuration,
            escrow
        );
    }

    /// @dev The metadata a worker rebuilds the genesis state from and finds the dataset with. Only
    /// the model spec can be checked here (against its hash, with the sha256 precompile); the rest
    /// is bounded so that indexing a job stays cheap.
    function _checkMetadata(
        bytes32 modelSpecHash,
        bytes calldata modelSpec,
        bytes32 datasetManifestHash,
        string[] calldata datasetLocations
    ) private pure {
        if (modelSpec.length <= 4 || modelSpec.length > MAX_MODEL_SPEC_BYTES) revert InvalidJobSpec("modelSpec");
        if (sha256(abi.encodePacked(MODEL_SPEC_DOMAIN, modelSpec)) != modelSpecHash) {
            revert InvalidJobSpec("modelSpecHash");
        }
        if (datasetManifestHash == bytes32(0)) revert InvalidJobSpec("datasetManifestHash");
        uint256 count = datasetLocations.length;
        if (count == 0 || count > MAX_DATASET_LOCATIONS) revert InvalidJobSpec("datasetLocations");
        for (uint256 i = 0; i < count; ++i) {
            uint256 length = bytes(datasetLocations[i]).length;
            if (length == 0 || length > MAX_LOCATION_BYTES) revert InvalidJobSpec("datasetLocations");
        }
    }

    function _existingJob(uint256 jobId) private view returns (Job storage) {
        if (jobId >= jobCount) revert UnknownJob(jobId);
        return _jobs[jobId];
    }

    /// @dev The void that invalidated a stale commitment is the first one after its generation
    /// that starts at or below it; each later void starts below the job's tip at its time, which
    /// a stale commitment never is again until it is overwritten.
    function _compensate(uint256 jobId, uint256 segment, Segment storage record) private {
        uint256 generations = _jobs[jobId].progress.generation;
        for (uint256 g = record.generation; g < generations; ++g) {
            VoidedRange storage v = _voids[jobId][g];
            if (v.fromSegment < segment && segment < v.toSegment) {
                record.status = STATUS_COMPENSATED;
                uint256 amount = v.perSegment;
                Job storage job = _jobs[jobId];
                job.compensationHeld -= uint128(amount);
                address worker = record.worker;
                if (amount != 0) {
                    token.safeTransfer(worker, amount);
                }
                emit CompensationPaid(jobId, segment, worker, amount);
                return;
            }
        }
        revert NotCompensable(jobId, segment);
    }
}
