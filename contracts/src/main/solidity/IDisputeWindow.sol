// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

/// @notice What the ledger needs to know of the dispute manager: how long a dispute can keep a
/// worker's stake at risk after its segment's challenge window closes.
interface IDisputeWindow {
    function maxDisputeDuration() external view returns (uint256);
}
