// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Staking} from "./Staking.sol";
import {TrainingLedger} from "./TrainingLedger.sol";
import {IDisputeWindow} from "./IDisputeWindow.sol";

/// @title Disputes over committed training steps, decided by a jury of staked verifiers.
/// @notice A challenger posts a bond and proves, against the segment's committed step root, the
/// state before and after the disputed step (fraud) or the state it could not fetch (data
/// availability); or, when the worker never served the per-step state hashes behind the root,
/// names the segment alone (step-list availability). A jury drawn from the staked verifiers with on-chain randomness recomputes or
/// fetches, and votes by commit-reveal; the majority of revealed votes decides. See
/// docs/contracts.md for the randomness source and its bias, and for the payout rules.
contract DisputeManager is Ownable, ReentrancyGuard, IDisputeWindow {
    using SafeERC20 for IERC20;

    uint8 public constant KIND_FRAUD = 0;
    uint8 public constant KIND_AVAILABILITY = 1;
    uint8 public constant KIND_STEP_LIST = 2;

    uint8 public constant PHASE_NONE = 0;
    uint8 public constant PHASE_AWAITING_JURY = 1;
    uint8 public constant PHASE_VOTING = 2;
    uint8 public constant PHASE_RESOLVED = 3;

    uint8 public constant OUTCOME_NONE = 0;
    uint8 public constant OUTCOME_WORKER_AT_FAULT = 1;
    uint8 public constant OUTCOME_CHALLENGER_AT_FAULT = 2;
    uint8 public constant OUTCOME_UNDECIDED = 3;
    uint8 public constant OUTCOME_NO_JURY = 4;

    uint8 public constant VOTE_WORKER_AT_FAULT = 1;
    uint8 public constant VOTE_CHALLENGER_AT_FAULT = 2;

    uint256 public constant BPS = 10_000;
    uint256 public constant DRAW_ATTEMPTS_PER_SEAT = 4;
    /// @notice Time allowed for someone to call drawJury; only used to size stake locks.
    uint256 public constant JURY_DRAW_ALLOWANCE = 1 days;

    uint256 public constant MIN_JURY_SIZE = 3;
    uint256 public constant MAX_JURY_SIZE = 9;
    uint256 public constant MAX_DRAW_DELAY_BLOCKS = 64;
    uint256 public constant MIN_VOTING_PHASE = 60;
    uint256 public constant MAX_VOTING_PHASE = 14 days;
    uint256 public constant MIN_FINDER_SHARE_BPS = 500;
    uint256 public constant MAX_FINDER_SHARE_BPS = 2_000;
    uint256 public constant MAX_JUROR_REWARD_BPS = 2_000;
    uint256 public constant MIN_JUROR_PENALTY_BPS = 10;
    uint256 public constant MAX_JUROR_PENALTY_BPS = 2_000;
    uint256 public constant MIN_WORKER_SLASH_BPS = 1_000;
    uint256 public constant MAX_BOND = 1_000_000 ether;
    uint256 public constant MAX_MIN_JUROR_STAKE = 1_000_000_000 ether;

    struct Parameters {
        uint128 bond;
        uint128 minJurorStake;
        uint16 jurySize;
        uint16 drawDelayBlocks;
        uint32 commitPeriod;
        uint32 revealPeriod;
        uint16 finderShareBps;
        uint16 jurorRewardBps;
        uint16 jurorPenaltyBps;
        uint16 workerSlashBps;
    }

    struct Commitment {
        bytes32 startStateHash;
        bytes32 stepRoot;
        bytes32 endStateHash;
    }

    /// @notice A fraud claim about global step `step`: the committed states before and after it with
    /// their Merkle proofs (no proof for the before state of a segment's first step, which is the
    /// committed start state), and the state the challenger computed.
    struct FraudEvidence {
        uint64 step;
        bytes32 beforeStateHash;
        bytes32[] beforeProof;
        bytes32 afterStateHash;
        bytes32[] afterProof;
        bytes32 challengerStateHash;
    }

    /// @dev Four storage slots; timestamps in uint32 seconds (good until 2106).
    struct Dispute {
        address challenger;
        uint64 jobId;
        uint8 kind;
        uint8 phase;
        uint8 outcome;
        uint8 commits;
        address worker;
        uint96 bond;
        uint32 segment;
        uint64 step;
        uint64 drawBlock;
        uint8 reveals;
        uint8 votesWorkerAtFault;
        uint8 votesChallengerAtFault;
        uint32 commitDeadline;
        uint32 revealDeadline;
        bytes32 startStateHash;
    }

    /// @notice A juror's seat: one storage slot. Jurors name their seat when they vote.
    struct Seat {
        address juror;
        bool committed;
        bool revealed;
        uint8 vote;
    }

    /// @dev What a settlement moved, for the DisputeResolved event.
    struct Settlement {
        uint256 slashed;
        uint256 toWinner;
        uint256 toJurors;
        uint256 compensation;
        uint256 burned;
    }

    IERC20 public immutable token;
    Staking public immutable staking;
    TrainingLedger public immutable ledger;
    uint256 public disputeCount;

    Parameters private _parameters;
    mapping(uint256 disputeId => Dispute) private _disputes;
    mapping(uint256 disputeId => Seat[]) private _seats;
    mapping(uint256 disputeId => mapping(uint256 seat => bytes32)) private _voteCommitments;

    event ParametersSet(Parameters parameters);
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed jobId,
        uint256 indexed segment,
        uint8 kind,
        address challenger,
        address worker,
        uint64 step,
        bytes32 committedStateHash,
        bytes32 challengerStateHash,
        uint64 drawBlock
    );
    event JuryDrawn(uint256 indexed disputeId, address[] jurors, uint32 commitDeadline, uint32 revealDeadline);
    event VoteCommitted(uint256 indexed disputeId, address indexed juror);
    event VoteRevealed(uint256 indexed disputeId, address indexed juror, uint8 vote);
    event JurorPenalized(uint256 indexed disputeId, address indexed juror, uint256 amount);
    event DisputeResolved(
        uint256 indexed disputeId,
        uint8 outcome,
        uint256 slashed,
        uint256 toWinner,
        uint256 toJurors,
        uint256 compensation,
        uint256 burned
    );

    error ParameterOutOfBounds(string parameter, uint256 value, uint256 min, uint256 max);
    error UnknownDispute(uint256 disputeId);
    error StepOutOfSegment(uint64 step, uint64 firstStep, uint64 lastStep);
    error InvalidStepProof(uint64 step);
    error BeforeStateMismatch(bytes32 committedStartState, bytes32 given);
    error NoDisagreement();
    error ChallengerIsWorker();
    error WrongPhase(uint256 disputeId, uint8 phase);
    error JuryNotDrawable(uint256 disputeId, uint64 drawBlock);
    error NotAJuror(uint256 disputeId, uint256 seat, address caller);
    error CommitPeriodOver(uint256 disputeId, uint64 commitDeadline);
    error AlreadyCommitted(uint256 disputeId, address juror);
    error NotCommitted(uint256 disputeId, address juror);
    error AlreadyRevealed(uint256 disputeId, address juror);
    error RevealNotOpen(uint256 disputeId, uint64 commitDeadline);
    error RevealPeriodOver(uint256 disputeId, uint64 revealDeadline);
    error InvalidVote(uint8 vote);
    error RevealMismatch(uint256 disputeId, address juror);
    error VotingNotOver(uint256 disputeId, uint64 revealDeadline);
    error ZeroAddress();

    constructor(IERC20 bondToken, Staking stakes, TrainingLedger trainingLedger, Parameters memory initial, address initialOwner)
        Ownable(initialOwner)
    {
        if (address(bondToken) == address(0) || address(stakes) == address(0) || address(trainingLedger) == address(0)) {
            revert ZeroAddress();
        }
        token = bondToken;
        staking = stakes;
        ledger = trainingLedger;
        _setParameters(initial);
    }

    function setParameters(Parameters calldata newParameters) external onlyOwner {
        _setParameters(newParameters);
    }

    // ---------------------------------------------------------------- opening

    /// @notice Disputes one step of a committed segment: proves the committed state before the
    /// step (the segment's start state for its first step) and after it against the step root, and
    /// names the state hash the challenger computed instead. If the disputed step is the segment's
    /// last and its committed state differs from the committed end state, the commitment
    /// contradicts itself and the worker is found at fault at once.
    function openFraudDispute(
        uint256 jobId,
        uint256 segment,
        Commitment calldata commitment,
        FraudEvidence calldata evidence
    ) external nonReentrant returns (uint256 disputeId) {
        uint64 step = evidence.step;
        (address worker, uint64 firstStep, uint64 lastStep) = _beginDispute(jobId, segment, commitment);
        _requireStepInSegment(step, firstStep, lastStep);
        _verifyFraudEvidence(commitment, evidence, firstStep);
        disputeId = _createDispute(jobId, segment, KIND_FRAUD, worker, step, commitment.startStateHash);
        _announce(disputeId, evidence.afterStateHash, evidence.challengerStateHash);
        if (step == lastStep && evidence.afterStateHash != commitment.endStateHash) {
            _settle(disputeId, OUTCOME_WORKER_AT_FAULT, 0);
        }
    }

    /// @notice Disputes a worker's failure to serve the state after step `step` of a committed
    /// segment, proven to be in the segment's step root; the jury tries to fetch it.
    function openAvailabilityDispute(
        uint256 jobId,
        uint256 segment,
        Commitment calldata commitment,
        uint64 step,
        bytes32 stateHash,
        bytes32[] calldata proof
    ) external nonReentrant returns (uint256 disputeId) {
        (address worker, uint64 firstStep, uint64 lastStep) = _beginDispute(jobId, segment, commitment);
        _requireStepInSegment(step, firstStep, lastStep);
        if (!MerkleProof.verifyCalldata(proof, commitment.stepRoot, stepLeaf(step, stateHash))) {
            revert InvalidStepProof(step);
        }
        disputeId = _createDispute(jobId, segment, KIND_AVAILABILITY, worker, step, commitment.startStateHash);
        _announce(disputeId, stateHash, bytes32(0));
    }

    /// @notice Disputes a worker's failure to serve the per-step state hashes of a committed
    /// segment: hashes that, as leaves for this segment's step numbers, rebuild the committed step
    /// root. No proof is possible (the leaves are what is missing); the jury asks the worker for
    /// them and rebuilds the root. The dispute names the segment's first step and announces the
    /// step root as its committed hash.
    function openStepListDispute(uint256 jobId, uint256 segment, Commitment calldata commitment)
        external
        nonReentrant
        returns (uint256 disputeId)
    {
        (address worker, uint64 firstStep,) = _beginDispute(jobId, segment, commitment);
        disputeId = _createDispute(jobId, segment, KIND_STEP_LIST, worker, firstStep, commitment.startStateHash);
        _announce(disputeId, commitment.stepRoot, bytes32(0));
    }

    // ---------------------------------------------------------------- jury

    /// @notice Draws the jury, once block `drawBlock` is reached. Anyone may call it.
    function drawJury(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existingDispute(disputeId);
        if (d.phase != PHASE_AWAITING_JURY) revert WrongPhase(disputeId, d.phase);
        if (block.number < d.drawBlock) revert JuryNotDrawable(disputeId, d.drawBlock);

        Parameters memory p = _parameters;
        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, blockhash(block.number - 1), disputeId)));
        address[] memory jurors = _selectJurors(d, p, seed);
        if (jurors.length < p.jurySize) {
            // Not enough eligible verifiers: nobody can be judged; the dispute ends undecided.
            _settle(disputeId, OUTCOME_NO_JURY, 0);
            return;
        }
        Seat[] storage seats = _seats[disputeId];
        for (uint256 i = 0; i < jurors.length; ++i) {
            seats.push(Seat({juror: jurors[i], committed: false, revealed: false, vote: 0}));
            staking.lockForDispute(jurors[i]);
        }
        uint32 commitDeadline = uint32(block.timestamp + p.commitPeriod);
        uint32 revealDeadline = commitDeadline + p.revealPeriod;
        d.commitDeadline = commitDeadline;
        d.revealDeadline = revealDeadline;
        d.phase = PHASE_VOTING;
        emit JuryDrawn(disputeId, jurors, commitDeadline, revealDeadline);
    }

    /// @notice Commits the vote of the juror in `seat` as
    /// keccak256(abi.encode(disputeId, juror, vote, salt)).
    function commitVote(uint256 disputeId, uint256 seat, bytes32 voteCommitment) external {
        Dispute storage d = _existingDispute(disputeId);
        if (d.phase != PHASE_VOTING) revert WrongPhase(disputeId, d.phase);
        Seat storage juror = _seatOf(disputeId, seat);
        if (juror.committed) revert AlreadyCommitted(disputeId, msg.sender);
        if (block.timestamp > d.commitDeadline) revert CommitPeriodOver(disputeId, d.commitDeadline);
        juror.committed = true;
        _voteCommitments[disputeId][seat] = voteCommitment;
        d.commits += 1;
        emit VoteCommitted(disputeId, msg.sender);
    }

    /// @notice Reveals a committed vote, once every juror has committed or the commit period is over.
    function revealVote(uint256 disputeId, uint256 seat, uint8 vote, bytes32 salt) external {
        Dispute storage d = _existingDispute(disputeId);
        if (d.phase != PHASE_VOTING) revert WrongPhase(disputeId, d.phase);
        Seat storage juror = _seatOf(disputeId, seat);
        if (!juror.committed) revert NotCommitted(disputeId, msg.sender);
        if (juror.revealed) revert AlreadyRevealed(disputeId, msg.sender);
        if (block.timestamp <= d.commitDeadline && d.commits < _seats[disputeId].length) {
            revert RevealNotOpen(disputeId, d.commitDeadline);
        }
        if (block.timestamp > d.revealDeadline) revert RevealPeriodOver(disputeId, d.revealDeadline);
        if (vote != VOTE_WORKER_AT_FAULT && vote != VOTE_CHALLENGER_AT_FAULT) revert InvalidVote(vote);
        if (keccak256(abi.encode(disputeId, msg.sender, vote, salt)) != _voteCommitments[disputeId][seat]) {
            revert RevealMismatch(disputeId, msg.sender);
        }
        juror.revealed = true;
        juror.vote = vote;
        d.reveals += 1;
        if (vote == VOTE_WORKER_AT_FAULT) {
            d.votesWorkerAtFault += 1;
        } else {
            d.votesChallengerAtFault += 1;
        }
        emit VoteRevealed(disputeId, msg.sender, vote);
    }

    /// @notice Settles a dispute once every juror has revealed or the reveal period is over.
    function resolve(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existingDispute(disputeId);
        if (d.phase != PHASE_VOTING) revert WrongPhase(disputeId, d.phase);
        if (block.timestamp <= d.revealDeadline && d.reveals < _seats[disputeId].length) {
            revert VotingNotOver(disputeId, d.revealDeadline);
        }
        uint8 outcome = OUTCOME_UNDECIDED;
        uint8 majorityVote = 0;
        if (d.votesWorkerAtFault > d.votesChallengerAtFault) {
            outcome = OUTCOME_WORKER_AT_FAULT;
            majorityVote = VOTE_WORKER_AT_FAULT;
        } else if (d.votesChallengerAtFault > d.votesWorkerAtFault) {
            outcome = OUTCOME_CHALLENGER_AT_FAULT;
            majorityVote = VOTE_CHALLENGER_AT_FAULT;
        }
        _settle(disputeId, outcome, majorityVote);
    }

    // ---------------------------------------------------------------- views

    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    function disputeOf(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    function seatsOf(uint256 disputeId) external view returns (Seat[] memory) {
        return _seats[disputeId];
    }

    /// @inheritdoc IDisputeWindow
    function maxDisputeDuration() external view returns (uint256) {
        return JURY_DRAW_ALLOWANCE + uint256(_parameters.commitPeriod) + _parameters.revealPeriod;
    }

    /// @notice The Merkle leaf committing to the state after global step `step`: double-hashed, as
    /// OpenZeppelin recommends against second-preimage attacks with 64-byte inner nodes.
    function stepLeaf(uint64 step, bytes32 stateHash) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(step, stateHash))));
    }

    // ---------------------------------------------------------------- internals

    function _beginDispute(uint256 jobId, uint256 segment, Commitment calldata commitment)
        private
        returns (address worker, uint64 firstStep, uint64 lastStep)
    {
        bytes32 digest = keccak256(abi.encode(commitment.startStateHash, commitment.stepRoot, commitment.endStateHash));
        uint32 segmentLength;
        (worker, firstStep, segmentLength) = ledger.beginDispute(jobId, segment, digest);
        if (worker == msg.sender) revert ChallengerIsWorker();
        lastStep = firstStep + segmentLength - 1;
    }

    function _requireStepInSegment(uint64 step, uint64 firstStep, uint64 lastStep) private pure {
        if (step < firstStep || step > lastStep) revert StepOutOfSegment(step, firstStep, lastStep);
    }

    function _verifyFraudEvidence(Commitment calldata commitment, FraudEvidence calldata e, uint64 firstStep)
        private
        pure
    {
        if (!MerkleProof.verifyCalldata(e.afterProof, commitment.stepRoot, stepLeaf(e.step, e.afterStateHash))) {
            revert InvalidStepProof(e.step);
        }
        if (e.step == firstStep) {
            if (e.beforeStateHash != commitment.startStateHash) {
                revert BeforeStateMismatch(commitment.startStateHash, e.beforeStateHash);
            }
        } else if (
            !MerkleProof.verifyCalldata(e.beforeProof, commitment.stepRoot, stepLeaf(e.step - 1, e.beforeStateHash))
        ) {
            revert InvalidStepProof(e.step - 1);
        }
        if (e.challengerStateHash == e.afterStateHash) revert NoDisagreement();
    }

    function _createDispute(
        uint256 jobId,
        uint256 segment,
        uint8 kind,
        address worker,
        uint64 step,
        bytes32 startStateHash
    ) private returns (uint256 disputeId) {
        uint96 bond = uint96(_parameters.bond);
        disputeId = disputeCount++;
        Dispute storage d = _disputes[disputeId];
        d.challenger = msg.sender;
        d.jobId = uint64(jobId);
        d.kind = kind;
        d.phase = PHASE_AWAITING_JURY;
        d.worker = worker;
        d.bond = bond;
        d.segment = uint32(segment);
        d.step = step;
        d.drawBlock = uint64(block.number) + _parameters.drawDelayBlocks;
        d.startStateHash = startStateHash;
        staking.lockForDispute(worker);
        token.safeTransferFrom(msg.sender, address(this), bond);
    }

    function _announce(uint256 disputeId, bytes32 committedStateHash, bytes32 challengerStateHash) private {
        Dispute storage d = _disputes[disputeId];
        emit DisputeOpened(
            disputeId,
            d.jobId,
            d.segment,
            d.kind,
            d.challenger,
            d.worker,
            d.step,
            committedStateHash,
            challengerStateHash,
            d.drawBlock
        );
    }

    function _settle(uint256 disputeId, uint8 outcome, uint8 majorityVote) private {
        Dispute storage d = _disputes[disputeId];
        d.phase = PHASE_RESOLVED;
        d.outcome = outcome;
        Parameters memory p = _parameters;

        (uint256 penalties, address[] memory majority) =
            _settleJurors(disputeId, p, majorityVote, outcome != OUTCOME_NO_JURY);
        Settlement memory s;
        uint256 jurorShare;
        if (outcome == OUTCOME_WORKER_AT_FAULT) {
            s.slashed = staking.slash(d.worker, p.workerSlashBps);
            s.toWinner = s.slashed * p.finderShareBps / BPS;
            jurorShare = s.slashed * p.jurorRewardBps / BPS;
            uint256 budget = s.slashed - s.toWinner - jurorShare;
            s.compensation = ledger.voidFrom(d.jobId, d.segment, d.startStateHash, budget);
            s.burned = budget - s.compensation;
            if (s.compensation != 0) token.safeTransfer(address(ledger), s.compensation);
            token.safeTransfer(d.challenger, d.bond + s.toWinner);
        } else if (outcome == OUTCOME_CHALLENGER_AT_FAULT) {
            uint256 bond = d.bond;
            s.slashed = bond;
            s.toWinner = bond * p.finderShareBps / BPS;
            jurorShare = bond * p.jurorRewardBps / BPS;
            s.burned = bond - s.toWinner - jurorShare;
            ledger.endDispute(d.jobId, d.segment);
            if (s.toWinner != 0) token.safeTransfer(d.worker, s.toWinner);
        } else {
            ledger.endDispute(d.jobId, d.segment);
            token.safeTransfer(d.challenger, d.bond);
        }
        staking.unlockForDispute(d.worker);

        // Jurors in the majority share their part of the loser's stake and the penalties of the
        // others, added to their stake; with no majority (or no jury) that money is burned.
        uint256 pool = jurorShare + penalties;
        if (majority.length != 0 && pool != 0) {
            uint256 each = pool / majority.length;
            s.toJurors = each * majority.length;
            token.safeTransfer(address(staking), s.toJurors);
            for (uint256 i = 0; i < majority.length; ++i) {
                staking.reward(majority[i], each);
            }
        }
        s.burned += pool - s.toJurors;
        if (s.burned != 0) ERC20Burnable(address(token)).burn(s.burned);
        emit DisputeResolved(disputeId, outcome, s.slashed, s.toWinner, s.toJurors, s.compensation, s.burned);
    }

    /// @dev Penalizes jurors who did not reveal or voted against the majority (unless the jury was
    /// never complete), unlocks every juror, and returns the penalties collected and the jurors in
    /// the majority.
    function _settleJurors(uint256 disputeId, Parameters memory p, uint8 majorityVote, bool penalize)
        private
        returns (uint256 penalties, address[] memory majority)
    {
        Seat[] memory seats = _seats[disputeId];
        majority = new address[](seats.length);
        uint256 majorityCount = 0;
        for (uint256 i = 0; i < seats.length; ++i) {
            Seat memory seat = seats[i];
            if (seat.revealed && (majorityVote == 0 || seat.vote == majorityVote)) {
                if (majorityVote != 0) majority[majorityCount++] = seat.juror;
            } else if (penalize) {
                uint256 penalty = staking.slash(seat.juror, p.jurorPenaltyBps);
                penalties += penalty;
                emit JurorPenalized(disputeId, seat.juror, penalty);
            }
            staking.unlockForDispute(seat.juror);
        }
        assembly {
            mstore(majority, majorityCount)
        }
    }

    /// @dev Picks up to jurySize distinct eligible verifiers: staked at least minJurorStake and
    /// neither party. Candidates come from keccak256(seed, attempt) over the verifier pool.
    function _selectJurors(Dispute storage d, Parameters memory p, uint256 seed)
        private
        view
        returns (address[] memory jurors)
    {
        jurors = new address[](p.jurySize);
        uint256 chosen = 0;
        uint256 pool = staking.verifierCount();
        uint256 attempts = uint256(p.jurySize) * DRAW_ATTEMPTS_PER_SEAT;
        address worker = d.worker;
        address challenger = d.challenger;
        for (uint256 attempt = 0; attempt < attempts && chosen < p.jurySize && pool != 0; ++attempt) {
            uint256 index = uint256(keccak256(abi.encode(seed, attempt))) % pool;
            (address candidate, uint256 bonded) = staking.verifierAt(index);
            if (candidate == worker || candidate == challenger || bonded < p.minJurorStake) continue;
            bool duplicate = false;
            for (uint256 j = 0; j < chosen; ++j) {
                if (jurors[j] == candidate) duplicate = true;
            }
            if (!duplicate) jurors[chosen++] = candidate;
        }
        assembly {
            mstore(jurors, chosen)
        }
    }

    function _seatOf(uint256 disputeId, uint256 seat) private view returns (Seat storage) {
        Seat[] storage seats = _seats[disputeId];
        if (seat >= seats.length || seats[seat].juror != msg.sender) revert NotAJuror(disputeId, seat, msg.sender);
        return seats[seat];
    }

    function _existingDispute(uint256 disputeId) private view returns (Dispute storage) {
        if (disputeId >= disputeCount) revert UnknownDispute(disputeId);
        return _disputes[disputeId];
    }

    function _setParameters(Parameters memory p) private {
        _checkBounds("jurySize", p.jurySize, MIN_JURY_SIZE, MAX_JURY_SIZE);
        if (p.jurySize % 2 == 0) revert ParameterOutOfBounds("jurySize", p.jurySize, MIN_JURY_SIZE, MAX_JURY_SIZE);
        _checkBounds("bond", p.bond, 1, MAX_BOND);
        _checkBounds("minJurorStake", p.minJurorStake, 1, MAX_MIN_JUROR_STAKE);
        _checkBounds("drawDelayBlocks", p.drawDelayBlocks, 1, MAX_DRAW_DELAY_BLOCKS);
        _checkBounds("commitPeriod", p.commitPeriod, MIN_VOTING_PHASE, MAX_VOTING_PHASE);
        _checkBounds("revealPeriod", p.revealPeriod, MIN_VOTING_PHASE, MAX_VOTING_PHASE);
        _checkBounds("finderShareBps", p.finderShareBps, MIN_FINDER_SHARE_BPS, MAX_FINDER_SHARE_BPS);
        _checkBounds("jurorRewardBps", p.jurorRewardBps, 0, MAX_JUROR_REWARD_BPS);
        _checkBounds("jurorPenaltyBps", p.jurorPenaltyBps, MIN_JUROR_PENALTY_BPS, MAX_JUROR_PENALTY_BPS);
        _checkBounds("workerSlashBps", p.workerSlashBps, MIN_WORKER_SLASH_BPS, BPS);
        _parameters = p;
        emit ParametersSet(p);
    }

    function _checkBounds(string memory parameter, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParameterOutOfBounds(parameter, value, min, max);
    }
}
