// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title Stakes of workers and verifiers.
/// @notice Participants register an endpoint and a hardware description, stake, and unbond after
/// a delay that outlasts every window they take part in: the ledger extends a worker's lock to
/// the end of the challenge window of each segment it claims, and the dispute manager blocks
/// unbonding and withdrawal while a dispute involving the participant is open. Unbonding stake
/// stays slashable until it is withdrawn. Only the dispute manager can slash.
contract Staking is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    uint8 public constant ROLE_WORKER = 1;
    uint8 public constant ROLE_VERIFIER = 2;
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    uint256 public constant MAX_HARDWARE_LENGTH = 256;
    uint64 public constant MIN_UNBONDING_DELAY = 60;
    uint64 public constant MAX_UNBONDING_DELAY = 90 days;
    uint256 public constant BPS = 10_000;

    struct Participant {
        uint128 bonded;
        uint128 unbonding;
        uint64 unbondingReleaseAt;
        uint64 lockedUntil;
        uint32 openDisputes;
        uint8 roles;
    }

    IERC20 public immutable token;
    address public ledger;
    address public disputes;
    uint64 public unbondingDelay;

    mapping(address account => Participant) private _participants;
    mapping(address account => string) private _endpoints;
    mapping(address account => string) private _hardware;
    EnumerableSet.AddressSet private _verifiers;

    event ParticipantRegistered(address indexed account, uint8 roles, string endpoint, string hardware);
    event Staked(address indexed account, uint256 amount, uint256 bonded);
    event UnbondingRequested(address indexed account, uint256 amount, uint256 unbonding, uint64 releaseAt);
    event Withdrawn(address indexed account, uint256 amount);
    event Slashed(address indexed account, uint256 amount, address indexed recipient);
    event Rewarded(address indexed account, uint256 amount, uint256 bonded);
    event StakeLocked(address indexed account, uint64 lockedUntil);
    event DisputeLockChanged(address indexed account, uint32 openDisputes);
    event UnbondingDelaySet(uint64 delay);
    event Connected(address ledger, address disputes);

    error InvalidRoles(uint8 roles);
    error EmptyEndpoint();
    error EndpointTooLong(uint256 length, uint256 max);
    error HardwareTooLong(uint256 length, uint256 max);
    error NotRegistered(address account);
    error ZeroAmount();
    error InsufficientStake(address account, uint256 available, uint256 required);
    error UnbondingBlockedByDispute(address account, uint32 openDisputes);
    error NothingToWithdraw(address account);
    error UnbondingNotReleased(address account, uint64 releaseAt);
    error NotAWorker(address account);
    error UnauthorizedCaller(address caller);
    error AlreadyConnected();
    error ZeroAddress();
    error ParameterOutOfBounds(string parameter, uint256 value, uint256 min, uint256 max);

    modifier onlyLedger() {
        if (msg.sender != ledger) revert UnauthorizedCaller(msg.sender);
        _;
    }

    modifier onlyDisputes() {
        if (msg.sender != disputes) revert UnauthorizedCaller(msg.sender);
        _;
    }

    constructor(IERC20 stakeToken, uint64 initialUnbondingDelay, address initialOwner) Ownable(initialOwner) {
        if (address(stakeToken) == address(0)) revert ZeroAddress();
        token = stakeToken;
        _setUnbondingDelay(initialUnbondingDelay);
    }

    /// @notice Wires the ledger and the dispute manager, once, before ownership moves to the timelock.
    function connect(address ledgerAddress, address disputesAddress) external onlyOwner {
        if (ledger != address(0)) revert AlreadyConnected();
        if (ledgerAddress == address(0) || disputesAddress == address(0)) revert ZeroAddress();
        ledger = ledgerAddress;
        disputes = disputesAddress;
        emit Connected(ledgerAddress, disputesAddress);
    }

    function setUnbondingDelay(uint64 delay) external onlyOwner {
        _setUnbondingDelay(delay);
    }

    // ---------------------------------------------------------------- participants

    /// @notice Registers (or updates) the caller's roles, endpoint URL and hardware description.
    function register(uint8 roles, string calldata endpoint, string calldata hardware) external {
        if (roles == 0 || roles > (ROLE_WORKER | ROLE_VERIFIER)) revert InvalidRoles(roles);
        if (bytes(endpoint).length == 0) revert EmptyEndpoint();
        if (bytes(endpoint).length > MAX_ENDPOINT_LENGTH) {
            revert EndpointTooLong(bytes(endpoint).length, MAX_ENDPOINT_LENGTH);
        }
        if (bytes(hardware).length > MAX_HARDWARE_LENGTH) {
            revert HardwareTooLong(bytes(hardware).length, MAX_HARDWARE_LENGTH);
        }
        _participants[msg.sender].roles = roles;
        _endpoints[msg.sender] = endpoint;
        _hardware[msg.sender] = hardware;
        if (roles & ROLE_VERIFIER != 0) {
            _verifiers.add(msg.sender);
        } else {
            _verifiers.remove(msg.sender);
        }
        emit ParticipantRegistered(msg.sender, roles, endpoint, hardware);
    }

    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Participant storage p = _participants[msg.sender];
        if (p.roles == 0) revert NotRegistered(msg.sender);
        uint128 bonded = p.bonded + uint128(amount);
        p.bonded = bonded;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(msg.sender, amount, bonded);
    }

    /// @notice Moves bonded stake into unbonding; it can be withdrawn after the unbonding delay and
    /// after every window the caller is locked into, and stays slashable until then.
    function requestUnbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Participant storage p = _participants[msg.sender];
        if (p.openDisputes != 0) revert UnbondingBlockedByDispute(msg.sender, p.openDisputes);
        if (amount > p.bonded) revert InsufficientStake(msg.sender, p.bonded, amount);
        p.bonded -= uint128(amount);
        p.unbonding += uint128(amount);
        uint64 releaseAt = uint64(block.timestamp) + unbondingDelay;
        if (p.lockedUntil > releaseAt) releaseAt = p.lockedUntil;
        if (p.unbondingReleaseAt > releaseAt) releaseAt = p.unbondingReleaseAt;
        p.unbondingReleaseAt = releaseAt;
        emit UnbondingRequested(msg.sender, amount, p.unbonding, releaseAt);
    }

    function withdraw() external nonReentrant {
        Participant storage p = _participants[msg.sender];
        uint256 amount = p.unbonding;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        if (p.openDisputes != 0) revert UnbondingBlockedByDispute(msg.sender, p.openDisputes);
        if (block.timestamp < p.unbondingReleaseAt) revert UnbondingNotReleased(msg.sender, p.unbondingReleaseAt);
        p.unbonding = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- ledger and dispute hooks

    /// @notice Checks that a worker may claim a segment and locks its stake until `until`.
    function lockForClaim(address worker, uint256 minStake, uint64 until) external onlyLedger {
        Participant storage p = _participants[worker];
        if (p.roles & ROLE_WORKER == 0) revert NotAWorker(worker);
        if (p.bonded < minStake) revert InsufficientStake(worker, p.bonded, minStake);
        if (until > p.lockedUntil) {
            p.lockedUntil = until;
            emit StakeLocked(worker, until);
        }
    }

    /// @notice Adds a dispute reward to a juror's bonded stake; the dispute manager has sent the tokens.
    function reward(address account, uint256 amount) external onlyDisputes {
        Participant storage p = _participants[account];
        uint128 bonded = p.bonded + uint128(amount);
        p.bonded = bonded;
        emit Rewarded(account, amount, bonded);
    }

    function lockForDispute(address account) external onlyDisputes {
        Participant storage p = _participants[account];
        uint32 open = p.openDisputes + 1;
        p.openDisputes = open;
        emit DisputeLockChanged(account, open);
    }

    function unlockForDispute(address account) external onlyDisputes {
        Participant storage p = _participants[account];
        uint32 open = p.openDisputes - 1;
        p.openDisputes = open;
        emit DisputeLockChanged(account, open);
    }

    /// @notice Takes `bps` basis points of the account's slashable (bonded plus unbonding) stake,
    /// bonded first, and sends it to the dispute manager, which distributes it. Returns the amount.
    function slash(address account, uint256 bps) external onlyDisputes returns (uint256 taken) {
        if (bps > BPS) revert ParameterOutOfBounds("bps", bps, 0, BPS);
        Participant storage p = _participants[account];
        uint256 amount = (uint256(p.bonded) + p.unbonding) * bps / BPS;
        uint128 fromBonded = amount > p.bonded ? p.bonded : uint128(amount);
        uint256 rest = amount - fromBonded;
        uint128 fromUnbonding = rest > p.unbonding ? p.unbonding : uint128(rest);
        p.bonded -= fromBonded;
        p.unbonding -= fromUnbonding;
        taken = uint256(fromBonded) + fromUnbonding;
        if (taken != 0) {
            token.safeTransfer(msg.sender, taken);
        }
        emit Slashed(account, taken, msg.sender);
    }

    // ---------------------------------------------------------------- views

    function participant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    function endpointOf(address account) external view returns (string memory) {
        return _endpoints[account];
    }

    function hardwareOf(address account) external view returns (string memory) {
        return _hardware[account];
    }

    function bondedOf(address account) external view returns (uint256) {
        return _participants[account].bonded;
    }

    /// @notice Bonded plus unbonding stake: what a slash can reach.
    function slashableOf(address account) external view returns (uint256) {
        Participant storage p = _participants[account];
        return uint256(p.bonded) + p.unbonding;
    }

    function verifierCount() external view returns (uint256) {
        return _verifiers.length();
    }

    /// @notice The verifier at `index` of the jury pool and its bonded stake.
    function verifierAt(uint256 index) external view returns (address account, uint256 bonded) {
        account = _verifiers.at(index);
        bonded = _participants[account].bonded;
    }

    function _setUnbondingDelay(uint64 delay) private {
        if (delay < MIN_UNBONDING_DELAY || delay > MAX_UNBONDING_DELAY) {
            revert ParameterOutOfBounds("unbondingDelay", delay, MIN_UNBONDING_DELAY, MAX_UNBONDING_DELAY);
        }
        unbondingDelay = delay;
        emit UnbondingDelaySet(delay);
    }
}
